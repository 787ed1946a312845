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
        return of(seq, line, false);
    }

    /** {@code pretty}: a line that is a JSON object or array is shown pretty-printed ({@link JsonPretty}), on several lines. */
    static LogRow of(long seq, LogLine line, boolean pretty) {
        AnsiText.Styled s = AnsiText.parse(line.text());
        if (pretty && !line.isMarker()) {
            String p = JsonPretty.pretty(s.plain());
            if (p != null) {
                return new LogRow(seq, line, p, new int[0]);
            }
        }
        return new LogRow(seq, line, s.plain(), s.runs());
    }

    public boolean isMarker() {
        return line.isMarker();
    }
}
