package dev.wharf.inventory;

import java.time.Instant;

/**
 * One line of a log, or a marker Wharf puts in the stream (a restart, a gap, the end of a pod).
 *
 * @param kind      a line the log holds, or which marker
 * @param timestamp the source's timestamp exactly as it sent it (RFC 3339 with nanoseconds for
 *                  Kubernetes); null when the log has none
 * @param time      that timestamp parsed; null when none (ordering then follows arrival)
 * @param origin    where the line comes from, kubectl's prefix without brackets
 *                  ({@code pod/web-1/nginx}); null when only one log is read
 * @param text      the line without its end of line, as received (ANSI escapes kept)
 */
public record LogLine(Kind kind, String timestamp, Instant time, String origin, String text) {

    public enum Kind {
        /** A line of the log. */
        LINE,
        /** Something the reader should know that is not in the log (which container was chosen). */
        NOTICE,
        /** Lines may be missing here; the text says between which times. */
        GAP,
        /** The container restarted; the text says the restart count, exit code and reason. */
        RESTART,
        /** The log ended: the pod was deleted, the container or guest stopped. */
        END
    }

    public static LogLine line(String timestamp, Instant time, String origin, String text) {
        return new LogLine(Kind.LINE, timestamp, time, origin, text);
    }

    public static LogLine marker(Kind kind, Instant time, String origin, String text) {
        return new LogLine(kind, null, time, origin, text);
    }

    public boolean isMarker() {
        return kind != Kind.LINE;
    }

    public LogLine withOrigin(String o) {
        return new LogLine(kind, timestamp, time, o, text);
    }
}
