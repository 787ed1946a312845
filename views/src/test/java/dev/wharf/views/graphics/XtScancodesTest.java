package dev.wharf.views.graphics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.rfb.Keys;

import javafx.scene.input.KeyCode;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The JavaFX key code → XT scancode table: US key positions, as QEMU numbers them. */
class XtScancodesTest {

    @Test
    void lettersDigitsAndPunctuationSitWhereAUsKeyboardHasThem() {
        assertThat(XtScancodes.of(KeyCode.Q).scancode()).isEqualTo(0x10);
        assertThat(XtScancodes.of(KeyCode.A).scancode()).isEqualTo(0x1E);
        assertThat(XtScancodes.of(KeyCode.Z).scancode()).isEqualTo(0x2C);
        assertThat(XtScancodes.of(KeyCode.M).scancode()).isEqualTo(0x32);
        assertThat(XtScancodes.of(KeyCode.DIGIT1).scancode()).isEqualTo(0x02);
        assertThat(XtScancodes.of(KeyCode.DIGIT0).scancode()).isEqualTo(0x0B);
        assertThat(XtScancodes.of(KeyCode.SLASH).scancode()).isEqualTo(0x35);
        assertThat(XtScancodes.of(KeyCode.A).keysym()).isEqualTo('a');
        // the same key as rfb's text table types: one layout for keys and for Type clipboard
        for (char c : "abcdefghijklmnopqrstuvwxyz0123456789-=[];'`\\,./".toCharArray()) {
            KeyCode code = KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c)));
            if (code != null && XtScancodes.of(code) != null) {
                assertThat(XtScancodes.of(code).scancode()).as("key %s", c).isEqualTo(Keys.forChar(c).scancode());
            }
        }
    }

    @Test
    void functionNavigationAndModifierKeys() {
        assertThat(XtScancodes.of(KeyCode.F1).scancode()).isEqualTo(0x3B);
        assertThat(XtScancodes.of(KeyCode.F10).scancode()).isEqualTo(0x44);
        assertThat(XtScancodes.of(KeyCode.F11).scancode()).isEqualTo(0x57);
        assertThat(XtScancodes.of(KeyCode.F12).scancode()).isEqualTo(0x58);
        assertThat(XtScancodes.of(KeyCode.UP).scancode()).as("E0 48").isEqualTo(0xC8);
        assertThat(XtScancodes.of(KeyCode.DELETE).scancode()).as("E0 53").isEqualTo(0xD3);
        assertThat(XtScancodes.of(KeyCode.PRINTSCREEN).scancode()).isEqualTo(0xB7);
        assertThat(XtScancodes.of(KeyCode.ALT_GRAPH).scancode()).as("Right Alt").isEqualTo(0xB8);
        assertThat(XtScancodes.of(KeyCode.CONTROL).scancode()).isEqualTo(0x1D);
        assertThat(XtScancodes.of(KeyCode.NUMPAD7).scancode()).isEqualTo(0x47);
        assertThat(XtScancodes.of(KeyCode.NUMPAD0).scancode()).isEqualTo(0x52);
        assertThat(XtScancodes.of(KeyCode.DIVIDE).scancode()).as("keypad /: E0 35").isEqualTo(0xB5);
        assertThat(XtScancodes.of(KeyCode.VOLUME_UP)).as("not sent").isNull();
    }

    @Test
    void twoKeysShareAScancodeOnlyWhereJavaFxHasTwoNamesForOneKey() {
        Set<Set<KeyCode>> aliases = Set.of(Set.of(KeyCode.BACK_QUOTE, KeyCode.DEAD_GRAVE),
                Set.of(KeyCode.WINDOWS, KeyCode.META, KeyCode.COMMAND));
        Map<Integer, KeyCode> seen = new HashMap<>();
        for (KeyCode code : KeyCode.values()) {
            Keys.Key k = XtScancodes.of(code);
            if (k == null) {
                continue;
            }
            KeyCode other = seen.putIfAbsent(k.scancode(), code);
            if (other != null) {
                assertThat(aliases).as("%s and %s both send 0x%02X", other, code, k.scancode())
                        .anyMatch(a -> a.contains(other) && a.contains(code));
            }
        }
        assertThat(XtScancodes.size()).isGreaterThan(100);
    }
}
