package dev.wharf.views.logs;

import java.util.Arrays;

/**
 * A line with ANSI SGR escapes turned into plain text plus style runs. Other escapes (cursor
 * moves, OSC titles) are dropped. Pure and allocation-light: a line without escapes is
 * returned as is, with no runs.
 *
 * <p>A style is an int: bits 0–4 the foreground colour (0 = default, 1–16 = ANSI colours 0–15),
 * bit 5 bold, bit 6 dim, bit 7 italic, bit 8 underline.
 */
public final class AnsiText {
    public static final int BOLD = 1 << 5;
    public static final int DIM = 1 << 6;
    public static final int ITALIC = 1 << 7;
    public static final int UNDERLINE = 1 << 8;
    private static final int[] NONE = new int[0];

    /** @param runs triples (start, end, style) over {@code plain}, only for styled stretches */
    public record Styled(String plain, int[] runs) {
        public static Styled of(String text) {
            return new Styled(text, NONE);
        }
    }

    private AnsiText() {
    }

    public static int foreground(int style) {
        return (style & 31) - 1;
    }

    public static Styled parse(String raw) {
        if (raw.indexOf('\u001b') < 0) {
            return new Styled(raw, NONE);
        }
        StringBuilder plain = new StringBuilder(raw.length());
        int[] runs = new int[12];
        int n = 0;
        int style = 0;
        int runStart = 0;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '\u001b') {
                plain.append(c);
                i++;
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < raw.length() && (raw.charAt(j) < 0x40 || raw.charAt(j) > 0x7e)) {
                    j++;
                }
                if (j < raw.length() && raw.charAt(j) == 'm') {
                    int next = sgr(style, raw.substring(i + 2, j));
                    if (next != style) {
                        if (style != 0 && plain.length() > runStart) {
                            if (n + 3 > runs.length) {
                                runs = Arrays.copyOf(runs, runs.length * 2);
                            }
                            runs[n++] = runStart;
                            runs[n++] = plain.length();
                            runs[n++] = style;
                        }
                        style = next;
                        runStart = plain.length();
                    }
                }
                i = Math.min(raw.length(), j + 1);
            } else if (i + 1 < raw.length() && raw.charAt(i + 1) == ']') { // OSC … BEL or ST
                int bel = raw.indexOf('\u0007', i);
                int st = raw.indexOf("\u001b\\", i + 2);
                int end = bel < 0 ? st : st < 0 ? bel : Math.min(bel, st);
                i = end < 0 ? raw.length() : end + (end == st ? 2 : 1);
            } else {
                i += 2;
            }
        }
        if (style != 0 && plain.length() > runStart) {
            if (n + 3 > runs.length) {
                runs = Arrays.copyOf(runs, runs.length + 3);
            }
            runs[n++] = runStart;
            runs[n++] = plain.length();
            runs[n++] = style;
        }
        return new Styled(plain.toString(), n == 0 ? NONE : Arrays.copyOf(runs, n));
    }

    private static int sgr(int style, String params) {
        if (params.isEmpty()) {
            return 0;
        }
        String[] p = params.split(";", -1);
        for (int k = 0; k < p.length; k++) {
            int v;
            try {
                v = p[k].isEmpty() ? 0 : Integer.parseInt(p[k]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (v == 0) {
                style = 0;
            } else if (v == 1) {
                style |= BOLD;
            } else if (v == 2) {
                style |= DIM;
            } else if (v == 3) {
                style |= ITALIC;
            } else if (v == 4) {
                style |= UNDERLINE;
            } else if (v == 22) {
                style &= ~(BOLD | DIM);
            } else if (v == 23) {
                style &= ~ITALIC;
            } else if (v == 24) {
                style &= ~UNDERLINE;
            } else if (v >= 30 && v <= 37) {
                style = (style & ~31) | (v - 30 + 1);
            } else if (v >= 90 && v <= 97) {
                style = (style & ~31) | (v - 90 + 9);
            } else if (v == 39) {
                style &= ~31;
            } else if ((v == 38 || v == 48) && k + 1 < p.length) {
                boolean fg = v == 38;
                if ("5".equals(p[k + 1]) && k + 2 < p.length) {
                    int idx = number(p[k + 2]);
                    if (fg && idx >= 0 && idx < 16) {
                        style = (style & ~31) | (idx + 1);
                    }
                    k += 2;
                } else if ("2".equals(p[k + 1])) {
                    k += 4;
                }
            }
        }
        return style;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
