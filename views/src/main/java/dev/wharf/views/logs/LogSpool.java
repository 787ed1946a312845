package dev.wharf.views.logs;

import dev.wharf.inventory.LogLine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Every line of one opened log, as Save writes it ({@code TIMESTAMP TEXT}, escapes kept, markers
 * left out), spooled to a temporary file readable by this user only and deleted when the log is
 * reopened or its tab closed: the ring on screen keeps only the last lines, Save writes all that
 * was received. Used by the viewer's worker only. When the spool cannot be written (disk full), it
 * says from which line on it is incomplete, and Save says so in the file's first line.
 */
final class LogSpool implements AutoCloseable {
    private final Path file;
    private OutputStream out;
    private long lines;
    private String failure;

    private LogSpool(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    static LogSpool create() {
        try {
            Path f = Files.createTempFile("wharf-log-", ".spool",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            f.toFile().deleteOnExit();
            return new LogSpool(f, new BufferedOutputStream(Files.newOutputStream(f), 1 << 16));
        } catch (IOException | UnsupportedOperationException e) {
            LogSpool s = new LogSpool(null, null);
            s.failure = "the viewer could not spool the log (" + e.getMessage() + ")";
            return s;
        }
    }

    static byte[] format(LogLine l) {
        return ((l.timestamp() == null ? "" : l.timestamp() + " ") + l.text() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    void add(LogLine l) {
        if (l.isMarker()) {
            return;
        }
        if (out != null) {
            try {
                out.write(format(l));
                lines++;
                return;
            } catch (IOException e) {
                failure = "the viewer's spool stopped after " + lines + " lines (" + e.getMessage() + ")";
                closeQuietly();
            }
        }
    }

    /** Null when every line is in the spool; else why not. */
    String failure() {
        return failure;
    }

    /** Copies the spool to {@code target}; false when the spool is incomplete (then the caller writes the ring). */
    boolean copyTo(Path target) throws IOException {
        if (failure != null) {
            return false;
        }
        out.flush();
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // nothing more to save
        }
        out = null;
    }

    @Override
    public void close() {
        closeQuietly();
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // deleted on exit
            }
        }
    }
}
