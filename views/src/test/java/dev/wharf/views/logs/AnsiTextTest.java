package dev.wharf.views.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsiTextTest {
    @Test
    void colourAndBoldBecomeRunsOverThePlainText() {
        AnsiText.Styled s = AnsiText.parse("\u001b[32mINFO \u001b[0m GET \u001b[1;31mfailed\u001b[22m!\u001b[0m");
        assertThat(s.plain()).isEqualTo("INFO  GET failed!");
        assertThat(s.runs()).containsExactly(
                0, 5, 2 + 1,
                10, 16, (1 + 1) | AnsiText.BOLD,
                16, 17, 1 + 1);
    }

    @Test
    void otherEscapesAreDroppedAndPlainLinesAreKeptAsIs() {
        String plain = "no escapes here";
        assertThat(AnsiText.parse(plain).plain()).isSameAs(plain);
        assertThat(AnsiText.parse("\u001b]0;title\u0007a\u001b[2Kb\u001b[38;5;208mc\u001b[38;5;4md").plain()).isEqualTo("abcd");
        assertThat(AnsiText.parse("\u001b[38;5;4md").runs()).containsExactly(0, 1, 4 + 1);
    }
}
