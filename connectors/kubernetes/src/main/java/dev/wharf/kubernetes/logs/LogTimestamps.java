package dev.wharf.kubernetes.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The RFC 3339 timestamps the log endpoint puts before each line with {@code timestamps=true}. */
final class LogTimestamps {
    private LogTimestamps() {
    }

    /** The line's timestamp and text, split at the first space; null when it starts with no timestamp. */
    static String[] split(String line) {
        int space = line.indexOf(' ');
        if (space < 20 || space > 40 || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        String ts = line.substring(0, space);
        return parse(ts) == null ? null : new String[] {ts, line.substring(space + 1)};
    }

    static Instant parse(String ts) {
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(ts).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** {@code sinceTime} for the API: whole seconds (what the server honours), at or before {@code t}. */
    static String sinceTime(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A time as a reader sees it in a marker: {@code 10:02:03} (UTC), with the date when not today. */
    static String clock(Instant t) {
        return t == null ? "?" : t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
    }
}
