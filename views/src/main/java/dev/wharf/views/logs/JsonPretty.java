package dev.wharf.views.logs;

/**
 * Pretty-prints a log line that is a JSON object or array (structured logs: {@code {"level":"info",…}}),
 * two spaces an indent, strings exactly as written; null when the line is not one whole JSON value
 * (then it is shown as it is). A pure function, run on the viewer's worker.
 */
final class JsonPretty {
    private final String s;
    private final StringBuilder out;
    private int i;

    private JsonPretty(String s) {
        this.s = s;
        this.out = new StringBuilder(s.length() * 2);
    }

    /** The line pretty-printed, or null when it is not a JSON object or array. */
    static String pretty(String line) {
        String t = line.strip();
        if (t.length() < 2 || (t.charAt(0) != '{' && t.charAt(0) != '[')) {
            return null;
        }
        JsonPretty p = new JsonPretty(t);
        try {
            p.value(0);
            p.ws();
            return p.i == t.length() ? p.out.toString() : null;
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private void value(int depth) {
        ws();
        char c = s.charAt(i);
        switch (c) {
            case '{' -> container(depth, '}', true);
            case '[' -> container(depth, ']', false);
            case '"' -> string();
            default -> literal();
        }
    }

    private void container(int depth, char close, boolean object) {
        out.append(s.charAt(i++));
        ws();
        if (s.charAt(i) == close) {
            out.append(s.charAt(i++));
            return;
        }
        while (true) {
            newline(depth + 1);
            if (object) {
                ws();
                if (s.charAt(i) != '"') {
                    throw new IllegalArgumentException("key");
                }
                string();
                ws();
                if (s.charAt(i++) != ':') {
                    throw new IllegalArgumentException(":");
                }
                out.append(": ");
            }
            value(depth + 1);
            ws();
            char c = s.charAt(i++);
            if (c == ',') {
                out.append(',');
            } else if (c == close) {
                newline(depth);
                out.append(close);
                return;
            } else {
                throw new IllegalArgumentException("separator");
            }
        }
    }

    private void string() {
        int start = i++;
        while (true) {
            char c = s.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                break;
            } else if (c < 0x20) {
                throw new IllegalArgumentException("control character");
            }
        }
        out.append(s, start, i);
    }

    private void literal() {
        int start = i;
        while (i < s.length() && "+-0123456789.eEtruefalsn".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String lit = s.substring(start, i);
        if (!(lit.equals("true") || lit.equals("false") || lit.equals("null")
                || lit.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?"))) {
            throw new IllegalArgumentException("literal");
        }
        out.append(lit);
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void newline(int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }
}
