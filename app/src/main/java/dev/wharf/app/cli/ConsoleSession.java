package dev.wharf.app.cli;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a terminal to a {@link ConsoleStream}, like {@code virsh console}: input bytes go to the
 * stream, the stream's bytes to the output, and Ctrl+] (0x1d) in the input leaves.
 *
 * <p>When the input ends (a pipe, not a person) the session gives the far end
 * {@link #EOF_GRACE} to finish on its own — a shell that was told {@code exit 3} — then leaves.
 *
 * <p>Exit code: 0 when the user left or the guest ended the stream; a shell's own exit status
 * when it exited; 1, with a message for stderr, when the connection was lost, taken over or failed.
 */
public final class ConsoleSession {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
    /** Ctrl+]. */
    public static final int ESCAPE = 0x1d;
    static final Duration EOF_GRACE = Duration.ofSeconds(2);

    private final InputStream in;
    private final OutputStream out;

    public ConsoleSession(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * How a session ended.
     *
     * @param exitCode the process exit code
     * @param message  a line for stderr (without {@code wharf: }), printed once the terminal is cooked again; null for none
     */
    public record Result(int exitCode, String message) {
    }

    /** Runs until the user leaves or the stream ends; closes the stream. */
    public Result run(ConsoleStream stream, String label) {
        CompletableFuture<ConsoleEnd> ended = new CompletableFuture<>();
        stream.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                try {
                    synchronized (out) {
                        out.write(data);
                        out.flush();
                    }
                } catch (IOException e) {
                    ended.complete(ConsoleEnd.of(ConsoleEnd.Reason.ERROR, "cannot write to the terminal: " + e.getMessage()));
                }
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                LOG.debug("console {} ended: {}", stream.description(), end);
                ended.complete(end);
            }
        });
        CompletableFuture<Boolean> input = CompletableFuture.supplyAsync(() -> pump(stream, ended), daemonThread());
        try {
            CompletableFuture.anyOf(ended, input).get();
            if (!ended.isDone()) {
                if (input.get()) {
                    return new Result(0, null); // Ctrl+]
                }
                try { // the input ended: give the far end a moment to finish on its own
                    ended.get(EOF_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    LOG.debug("input ended; {} did not end within {}: leaving", label, EOF_GRACE);
                    return new Result(0, null);
                }
            }
            return result(ended.get(), label);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, null);
        } catch (ExecutionException e) {
            return new Result(1, "console of " + label + ": " + e.getCause().getMessage());
        } finally {
            stream.close();
            try {
                synchronized (out) {
                    out.flush();
                }
            } catch (IOException e) {
                // the terminal is gone
            }
        }
    }

    /** Copies input to the stream; true if the user pressed Ctrl+], false at end of input or stream. */
    private boolean pump(ConsoleStream stream, CompletableFuture<ConsoleEnd> ended) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while (!ended.isDone() && (n = in.read(buf)) >= 0) {
                int esc = -1;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == ESCAPE) {
                        esc = i;
                        break;
                    }
                }
                int len = esc >= 0 ? esc : n;
                if (len > 0 && !ended.isDone()) {
                    byte[] chunk = new byte[len];
                    System.arraycopy(buf, 0, chunk, 0, len);
                    stream.write(chunk);
                }
                if (esc >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            if (!ended.isDone()) {
                ended.complete(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, e.getMessage()));
            }
            return false;
        }
    }

    private static Result result(ConsoleEnd end, String label) {
        return switch (end.reason()) {
            case CLOSED -> new Result(0, null);
            case GUEST_STOPPED -> new Result(0, "console of " + label + " ended: " + end.message());
            case EXITED -> new Result(end.exitCode() == null ? 0 : end.exitCode(), null);
            case TAKEN_OVER -> new Result(1, "console of " + label + ": " + end.message()
                    + " — run `wharf console --force " + label + "` to take it back");
            case ERROR -> new Result(1, "console of " + label + " ended: " + end.message());
            default -> new Result(1, "console of " + label + " lost: " + end.message());
        };
    }

    private static java.util.concurrent.Executor daemonThread() {
        return r -> {
            Thread t = new Thread(r, "wharf-console-input");
            t.setDaemon(true);
            t.start();
        };
    }
}
