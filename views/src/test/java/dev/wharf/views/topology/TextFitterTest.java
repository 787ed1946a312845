package dev.wharf.views.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Names are cut in the middle, so that the suffix that tells them apart stays. */
class TextFitterTest {
    /** 7 px a character, like the chips' 12 px font on average. */
    private static final ToDoubleFunction<String> SEVEN = s -> 7.0 * s.length();

    @Test
    void aLongPodNameKeepsItsStartAndItsDistinguishingSuffix() {
        String cut = TextFitter.middle("fc-runner-6c7b8d9f5-x2k4", 7 * 20, SEVEN);
        assertThat(cut).hasSize(20).startsWith("fc-runner-").endsWith("5-x2k4").contains("…");
        assertThat(TextFitter.middle("payments-7f6c9d8b5-5mxk2", 7 * 18, SEVEN)).endsWith("-5mxk2");
    }

    @Test
    void namesThatDifferOnlyAtTheEndStayDifferentWhenCut() {
        List<String> names = IntStream.range(0, 12).mapToObj(k -> "fc-runner-6c7b8d9f5-" + (char) ('a' + k) + "x2k")
                .toList();
        List<String> cut = names.stream().map(n -> TextFitter.middle(n, 7 * 16, SEVEN)).toList();
        assertThat(cut).doesNotHaveDuplicates().allMatch(s -> s.length() <= 16 && s.contains("…"));
    }

    @Test
    void aNarrowRoomLeavesTheEllipsisOrNothing() {
        assertThat(TextFitter.middle("abcdef", 7, SEVEN)).isEqualTo("…");
        assertThat(TextFitter.middle("abcdef", 5, SEVEN)).isEmpty();
        assertThat(TextFitter.cut("abcdef", 1)).isEqualTo("a…");
    }
}
