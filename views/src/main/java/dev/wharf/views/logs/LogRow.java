package dev.wharf.views.logs;

import dev.wharf.inventory.LogLine;

/**
 * One row of the viewer: a received line, parsed once (ANSI runs), numbered in arrival order.
 *
 * @param seq   its number since the log was opened (0 first); rows dropped from the ring keep theirs
 * @param line  the line as received (its text with escapes, for saving)
 * @param text  the text without escapes, as shown, searched and filtered
 * @param runs  style runs over {@code text} ({@link AnsiText})
 */
public record LogRow(long seq, LogLine line, String text, int[] runs) {
    static LogRow of(long seq, LogLine line) {
        AnsiText.Styled s = AnsiText.parse(line.text());
        return new LogRow(seq, line, s.plain(), s.runs());
    }

    public boolean isMarker() {
        return line.isMarker();
    }
}
