package dev.wharf.libvirt;

import dev.wharf.inventory.LogLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a libvirt log file (a serial console log, QEMU's log) into {@link LogLine}s:
 * split at {@code \n} across chunk boundaries, a {@code \r} before it dropped (serial logs end
 * lines with {@code \r\n}), UTF-8. QEMU's log stamps the lines libvirt writes
 * ({@code 2026-01-02 10:00:00.123+0000: starting up …}): such a line gets that time (its text
 * stays as written, so no timestamp is repeated), and the lines after it (QEMU's own) are ordered
 * and filtered by it. With a "since" limit, lines before it are dropped (a log without stamps has
 * no line to drop: the caller refuses "since" for it).
 */
final class LogLineReader {
    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)([+-]\\d\\d)(\\d\\d): ");
    private static final int MAX_LINE = 1 << 20;

    private final String origin;
    private final Instant since;
    private final Consumer<LogLine> out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private Instant lastTime;

    /** @param since drop lines before this time (null: keep all) */
    LogLineReader(String origin, Instant since, Consumer<LogLine> out) {
        this.origin = origin;
        this.since = since;
        this.out = out;
    }

    void feed(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                partial.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        partial.write(b, start, end - start);
        if (partial.size() > MAX_LINE) {
            emit(); // a runaway line without an end: pass it on in pieces rather than hold it all
        }
    }

    /** Passes on a last line without its end of line (the log ended, or a file was replaced). */
    void flush() {
        if (partial.size() > 0) {
            emit();
        }
    }

    /** Forgets a partial line (the file was truncated under it). */
    void reset() {
        partial.reset();
    }

    private void emit() {
        byte[] raw = partial.toByteArray();
        partial.reset();
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\r') {
            n--;
        }
        String text = new String(raw, 0, n, StandardCharsets.UTF_8);
        Instant t = stamp(text);
        if (t != null) {
            lastTime = t;
        }
        if (since != null && (lastTime == null || lastTime.isBefore(since))) {
            return;
        }
        out.accept(LogLine.line(null, t != null ? t : lastTime, origin, text));
    }

    /** The time a QEMU log line starts with, or null. */
    static Instant stamp(String line) {
        if (line.length() < 25 || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + m.group(3) + ":" + m.group(4),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
