package dev.wharf.rfb;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys as RFB sends them: an XT scancode (set 1, what QEMU's extended key event carries; keys with
 * the {@code E0} prefix have the high bit set, e.g. Right Ctrl {@code E0 1D} → {@code 0x9D}) and an
 * X11 keysym (what the plain KeyEvent carries).
 *
 * <p>{@link #forChar} maps text to strokes for a <b>US keyboard layout</b>: the scancode is the key's
 * position on a US PC keyboard, the keysym the character itself (X11 keysyms equal Latin-1 codes for
 * printable ASCII), and {@code shift} says whether Shift must be held ("A", "!", "{"…). A guest with
 * another layout gets the US positions through extended key events: {@code --type} then types what a
 * US keyboard would. Only printable ASCII, newline (Enter) and tab are typeable.
 */
public final class Keys {

    /** One physical key. */
    public record Key(int scancode, int keysym) {
    }

    /** A character as a key stroke: press {@code key}, with Shift held when {@code shift}. */
    public record Stroke(int scancode, int keysym, boolean shift) {
    }

    public static final Key ESCAPE = new Key(0x01, 0xFF1B);
    public static final Key BACKSPACE = new Key(0x0E, 0xFF08);
    public static final Key TAB = new Key(0x0F, 0xFF09);
    public static final Key ENTER = new Key(0x1C, 0xFF0D);
    public static final Key CTRL_L = new Key(0x1D, 0xFFE3);
    public static final Key SHIFT_L = new Key(0x2A, 0xFFE1);
    public static final Key SHIFT_R = new Key(0x36, 0xFFE2);
    public static final Key ALT_L = new Key(0x38, 0xFFE9);
    public static final Key SPACE = new Key(0x39, 0x0020);
    public static final Key CAPS_LOCK = new Key(0x3A, 0xFFE5);
    public static final Key NUM_LOCK = new Key(0x45, 0xFF7F);
    public static final Key SCROLL_LOCK = new Key(0x46, 0xFF14);
    public static final Key CTRL_R = new Key(0x9D, 0xFFE4);
    public static final Key ALT_R = new Key(0xB8, 0xFFEA);
    public static final Key PRINT = new Key(0xB7, 0xFF61);
    public static final Key HOME = new Key(0xC7, 0xFF50);
    public static final Key UP = new Key(0xC8, 0xFF52);
    public static final Key PAGE_UP = new Key(0xC9, 0xFF55);
    public static final Key LEFT = new Key(0xCB, 0xFF51);
    public static final Key RIGHT = new Key(0xCD, 0xFF53);
    public static final Key END = new Key(0xCF, 0xFF57);
    public static final Key DOWN = new Key(0xD0, 0xFF54);
    public static final Key PAGE_DOWN = new Key(0xD1, 0xFF56);
    public static final Key INSERT = new Key(0xD2, 0xFF63);
    public static final Key DELETE = new Key(0xD3, 0xFFFF);
    public static final Key SUPER_L = new Key(0xDB, 0xFFEB);
    public static final Key MENU = new Key(0xDD, 0xFF67);

    /** F1…F12 ({@code function(1)} is F1). */
    public static Key function(int n) {
        if (n < 1 || n > 12) {
            throw new IllegalArgumentException("no key F" + n);
        }
        int scancode = n <= 10 ? 0x3B + n - 1 : 0x57 + n - 11;
        return new Key(scancode, 0xFFBE + n - 1);
    }

    // US layout, by scancode: the unshifted and shifted character on each key.
    private static final String[][] ROWS = {
        // scancode 0x02..0x0D
        {"1234567890-=", "!@#$%^&*()_+"},
        // 0x10..0x1B
        {"qwertyuiop[]", "QWERTYUIOP{}"},
        // 0x1E..0x29
        {"asdfghjkl;'`", "ASDFGHJKL:\"~"},
        // 0x2B..0x35
        {"\\zxcvbnm,./", "|ZXCVBNM<>?"},
    };
    private static final int[] ROW_START = {0x02, 0x10, 0x1E, 0x2B};

    private static final Stroke[] ASCII = new Stroke[128];

    static {
        for (int r = 0; r < ROWS.length; r++) {
            for (int i = 0; i < ROWS[r][0].length(); i++) {
                char plain = ROWS[r][0].charAt(i);
                char shifted = ROWS[r][1].charAt(i);
                ASCII[plain] = new Stroke(ROW_START[r] + i, plain, false);
                ASCII[shifted] = new Stroke(ROW_START[r] + i, shifted, true);
            }
        }
        ASCII[' '] = new Stroke(SPACE.scancode(), SPACE.keysym(), false);
        ASCII['\n'] = new Stroke(ENTER.scancode(), ENTER.keysym(), false);
        ASCII['\t'] = new Stroke(TAB.scancode(), TAB.keysym(), false);
    }

    private Keys() {
    }

    /** The stroke typing {@code c} on a US keyboard, or null when no key types it. */
    public static Stroke forChar(char c) {
        return c < ASCII.length ? ASCII[c] : null;
    }

    /**
     * The strokes typing {@code text}; a {@code \r\n} or lone {@code \r} is one Enter.
     *
     * @throws IllegalArgumentException naming the first character no US key types
     */
    public static List<Stroke> strokes(String text) {
        List<Stroke> out = new ArrayList<>(text.length());
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < t.length(); i++) {
            Stroke s = forChar(t.charAt(i));
            if (s == null) {
                throw new IllegalArgumentException(String.format(
                        "cannot type '%s' (U+%04X) at position %d: only ASCII text, Enter and Tab can be typed",
                        t.charAt(i), (int) t.charAt(i), i + 1));
            }
            out.add(s);
        }
        return out;
    }

    /** Types {@code text} as key presses and releases (Shift held where needed). */
    public static void type(RfbClient client, String text) throws java.io.IOException {
        for (Stroke s : strokes(text)) {
            if (s.shift()) {
                client.keyEvent(SHIFT_L.scancode(), SHIFT_L.keysym(), true);
            }
            client.keyEvent(s.scancode(), s.keysym(), true);
            client.keyEvent(s.scancode(), s.keysym(), false);
            if (s.shift()) {
                client.keyEvent(SHIFT_L.scancode(), SHIFT_L.keysym(), false);
            }
        }
    }

    /** Presses {@code keys} in order and releases them in reverse (a chord: Ctrl+Alt+Del). */
    public static void chord(RfbClient client, Key... keys) throws java.io.IOException {
        for (Key k : keys) {
            client.keyEvent(k.scancode(), k.keysym(), true);
        }
        for (int i = keys.length - 1; i >= 0; i--) {
            client.keyEvent(keys[i].scancode(), keys[i].keysym(), false);
        }
    }
}
