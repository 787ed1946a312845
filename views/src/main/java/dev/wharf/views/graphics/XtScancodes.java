package dev.wharf.views.graphics;

import dev.wharf.rfb.Keys;

import javafx.scene.input.KeyCode;

import java.util.EnumMap;
import java.util.Map;

/**
 * JavaFX key codes → the keys RFB sends: an XT scancode (set 1, what QEMU's extended key event
 * carries: the key's <b>position</b> on a US PC keyboard, so the guest's own layout decides the
 * character) and an X11 keysym (for servers without extended key events: the unshifted US
 * character, or the function key's keysym).
 *
 * <p>Scancodes with the {@code E0} prefix have the high bit set ({@code E0 48} Up → {@code 0xC8}),
 * as QEMU numbers them. JavaFX does not tell left from right Shift/Ctrl/Alt or the keypad's Enter
 * from the main one: those send the left key and the main Enter. {@link KeyCode#ALT_GRAPH} sends
 * Right Alt ({@code 0xB8}). Keys not in the table (media keys, Kana …) are not sent.
 *
 * <pre>
 * Esc 01  1…0 02…0B  - 0C  = 0D  Backspace 0E  Tab 0F  Q…P 10…19  [ 1A  ] 1B  Enter 1C  Ctrl 1D
 * A…L 1E…26  ; 27  ' 28  ` 29  Shift 2A  \ 2B  Z…M 2C…32  , 33  . 34  / 35  KP* 37  Alt 38
 * Space 39  CapsLock 3A  F1…F10 3B…44  NumLock 45  ScrollLock 46  KP7 47 KP8 48 KP9 49 KP- 4A
 * KP4 4B KP5 4C KP6 4D KP+ 4E KP1 4F KP2 50 KP3 51 KP0 52 KP. 53  (102nd key) 56  F11 57  F12 58
 * KP/ B5  PrintScreen B7  AltGr B8  Pause C6  Home C7  Up C8  PgUp C9  Left CB  Right CD  End CF
 * Down D0  PgDn D1  Insert D2  Delete D3  Super DB  Menu DD
 * </pre>
 */
public final class XtScancodes {
    private static final Map<KeyCode, Keys.Key> TABLE = new EnumMap<>(KeyCode.class);

    static {
        put(KeyCode.ESCAPE, Keys.ESCAPE);
        String digits = "1234567890";
        KeyCode[] digitCodes = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
                KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9, KeyCode.DIGIT0};
        for (int i = 0; i < digitCodes.length; i++) {
            put(digitCodes[i], 0x02 + i, digits.charAt(i));
        }
        put(KeyCode.MINUS, 0x0C, '-');
        put(KeyCode.EQUALS, 0x0D, '=');
        put(KeyCode.BACK_SPACE, Keys.BACKSPACE);
        put(KeyCode.TAB, Keys.TAB);
        letters("QWERTYUIOP", 0x10);
        put(KeyCode.OPEN_BRACKET, 0x1A, '[');
        put(KeyCode.CLOSE_BRACKET, 0x1B, ']');
        put(KeyCode.ENTER, Keys.ENTER);
        put(KeyCode.CONTROL, Keys.CTRL_L);
        letters("ASDFGHJKL", 0x1E);
        put(KeyCode.SEMICOLON, 0x27, ';');
        put(KeyCode.QUOTE, 0x28, '\'');
        put(KeyCode.BACK_QUOTE, 0x29, '`');
        put(KeyCode.DEAD_GRAVE, 0x29, '`');
        put(KeyCode.SHIFT, Keys.SHIFT_L);
        put(KeyCode.BACK_SLASH, 0x2B, '\\');
        letters("ZXCVBNM", 0x2C);
        put(KeyCode.COMMA, 0x33, ',');
        put(KeyCode.PERIOD, 0x34, '.');
        put(KeyCode.SLASH, 0x35, '/');
        put(KeyCode.MULTIPLY, 0x37, 0xFFAA);
        put(KeyCode.ALT, Keys.ALT_L);
        put(KeyCode.SPACE, Keys.SPACE);
        put(KeyCode.CAPS, Keys.CAPS_LOCK);
        KeyCode[] f = {KeyCode.F1, KeyCode.F2, KeyCode.F3, KeyCode.F4, KeyCode.F5, KeyCode.F6, KeyCode.F7,
                KeyCode.F8, KeyCode.F9, KeyCode.F10, KeyCode.F11, KeyCode.F12};
        for (int i = 0; i < f.length; i++) {
            put(f[i], Keys.function(i + 1));
        }
        put(KeyCode.NUM_LOCK, Keys.NUM_LOCK);
        put(KeyCode.SCROLL_LOCK, Keys.SCROLL_LOCK);
        KeyCode[] pad = {KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9, null, KeyCode.NUMPAD4, KeyCode.NUMPAD5,
                KeyCode.NUMPAD6, null, KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD0};
        int[] padDigit = {7, 8, 9, -1, 4, 5, 6, -1, 1, 2, 3, 0};
        for (int i = 0; i < pad.length; i++) {
            if (pad[i] != null) {
                put(pad[i], 0x47 + i, 0xFFB0 + padDigit[i]);
            }
        }
        put(KeyCode.SUBTRACT, 0x4A, 0xFFAD);
        put(KeyCode.ADD, 0x4E, 0xFFAB);
        put(KeyCode.DECIMAL, 0x53, 0xFFAE);
        put(KeyCode.LESS, 0x56, '<');
        put(KeyCode.DIVIDE, 0xB5, 0xFFAF);
        put(KeyCode.PRINTSCREEN, Keys.PRINT);
        put(KeyCode.ALT_GRAPH, 0xB8, 0xFE03);
        put(KeyCode.PAUSE, 0xC6, 0xFF13);
        put(KeyCode.HOME, Keys.HOME);
        put(KeyCode.UP, Keys.UP);
        put(KeyCode.PAGE_UP, Keys.PAGE_UP);
        put(KeyCode.LEFT, Keys.LEFT);
        put(KeyCode.RIGHT, Keys.RIGHT);
        put(KeyCode.END, Keys.END);
        put(KeyCode.DOWN, Keys.DOWN);
        put(KeyCode.PAGE_DOWN, Keys.PAGE_DOWN);
        put(KeyCode.INSERT, Keys.INSERT);
        put(KeyCode.DELETE, Keys.DELETE);
        put(KeyCode.WINDOWS, Keys.SUPER_L);
        put(KeyCode.META, Keys.SUPER_L);
        put(KeyCode.COMMAND, Keys.SUPER_L);
        put(KeyCode.CONTEXT_MENU, Keys.MENU);
    }

    private XtScancodes() {
    }

    private static void letters(String row, int first) {
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            put(KeyCode.valueOf(String.valueOf(c)), first + i, Character.toLowerCase(c));
        }
    }

    private static void put(KeyCode code, int scancode, int keysym) {
        TABLE.put(code, new Keys.Key(scancode, keysym));
    }

    private static void put(KeyCode code, Keys.Key key) {
        TABLE.put(code, key);
    }

    /** The key at {@code code}'s US position, or null when Wharf does not send it. */
    public static Keys.Key of(KeyCode code) {
        return code == null ? null : TABLE.get(code);
    }

    /** How many key codes are mapped (for tests and the docs). */
    static int size() {
        return TABLE.size();
    }
}
