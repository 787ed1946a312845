package dev.wharf.views.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * "Log to file": the session's bytes exactly as received, appended to a file. Writes run on
 * {@code io} (never the JavaFX thread), in order; the first failure stops the log and is
 * reported once.
 */
final class SessionLog {
    private final Path file;
    private final Executor io;
    private final BiConsumer<SessionLog, String> onFailure;
    private OutputStream out;           // io thread only
    private volatile boolean failed;
    private long bytes;                 // io thread only

    SessionLog(Path file, Executor io, BiConsumer<SessionLog, String> onFailure) {
        this.file = file;
        this.io = io;
        this.onFailure = onFailure;
    }

    /** Opens the file (on io). */
    void start() {
        io.execute(() -> {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                fail(e);
            }
        });
    }

    Path file() {
        return file;
    }

    void write(byte[] data) {
        if (failed) {
            return;
        }
        io.execute(() -> {
            if (out == null || failed) {
                return;
            }
            try {
                out.write(data);
                bytes += data.length;
            } catch (IOException e) {
                fail(e);
            }
        });
    }

    /** Flushes and closes; completes when the file holds everything written before. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.execute(() -> {
            try {
                if (out != null) {
                    out.close();
                    out = null;
                }
            } catch (IOException e) {
                fail(e);
            }
            done.complete(null);
        });
        return done;
    }

    private void fail(IOException e) {
        if (!failed) {
            failed = true;
            onFailure.accept(this, "Stopped logging to " + file + ": " + e.getMessage()
                    + ". Check the disk and the folder's permissions, then turn logging on again.");
        }
    }
}
