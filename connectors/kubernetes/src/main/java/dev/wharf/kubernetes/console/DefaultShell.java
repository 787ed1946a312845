package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The default shell of a container: bash, and sh where the image has no bash. It opens
 * {@code bash}; when that ends at once because there is no bash (exit 126/127 or "not found"
 * before the user typed anything), it opens {@code sh} in its place, on the same listener.
 * (A {@code sh -c "… exec bash || exec sh"} would do it in one go, but is a command line some
 * API servers and simulators cannot run.)
 */
final class DefaultShell implements ConsoleStream {
    static final List<String> BASH = List.of("bash");
    static final List<String> SH = List.of("sh");
    /** A bash that ends later than this was there. */
    static final long GRACE_MILLIS = 10_000;

    private final Function<List<String>, CompletableFuture<ConsoleStream>> exec;
    private final LongSupplier clock;
    private final long openedAt;
    private volatile ConsoleStream current;
    private volatile boolean typed;
    private volatile boolean fellBack;
    private volatile boolean closed;
    private volatile int columns;
    private volatile int rows;

    private DefaultShell(Function<List<String>, CompletableFuture<ConsoleStream>> exec, ConsoleStream bash,
                         int columns, int rows) {
        this.exec = exec;
        this.clock = System::currentTimeMillis;
        this.openedAt = clock.getAsLong();
        this.current = bash;
        this.columns = columns;
        this.rows = rows;
    }

    /** @param exec opens an exec stream running the given command */
    static CompletableFuture<ConsoleStream> open(Function<List<String>, CompletableFuture<ConsoleStream>> exec,
                                                 int columns, int rows) {
        return exec.apply(BASH).thenApply(bash -> new DefaultShell(exec, bash, columns, rows));
    }

    /** The stream running now (bash, or sh after falling back). */
    ConsoleStream current() {
        return current;
    }

    @Override
    public String description() {
        return current.description();
    }

    @Override
    public void start(Listener listener) {
        current.start(new Listener() {
            @Override
            public void onData(byte[] data) {
                listener.onData(data);
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                if (!noBash(end)) {
                    listener.onEnd(end);
                    return;
                }
                fellBack = true;
                exec.apply(SH).whenComplete((sh, t) -> {
                    if (t != null) {
                        listener.onEnd(new ConsoleEnd(ConsoleEnd.Reason.EXITED, "the container has neither bash nor sh ("
                                + Handshakes.rootMessage(t) + "). Open a console with a command it has.", null));
                    } else if (closed) {
                        sh.close();
                        listener.onEnd(ConsoleEnd.closed());
                    } else {
                        current = sh;
                        sh.resize(columns, rows);
                        sh.start(listener);
                    }
                });
            }
        });
    }

    private boolean noBash(ConsoleEnd end) {
        if (fellBack || closed || typed || end.reason() != ConsoleEnd.Reason.EXITED
                || clock.getAsLong() - openedAt > GRACE_MILLIS) {
            return false;
        }
        Integer code = end.exitCode();
        if (code != null) {
            return code == 126 || code == 127;
        }
        String m = end.message().toLowerCase(Locale.ROOT);
        return m.contains("not found") || m.contains("no such file");
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (data.length > 0) {
            typed = true;
        }
        current.write(data);
    }

    @Override
    public void resize(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        current.resize(columns, rows);
    }

    @Override
    public void close() {
        closed = true;
        current.close();
    }
}
