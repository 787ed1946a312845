package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One live console, without JavaFX: connecting → connected → disconnected (why) → reconnecting
 * in N s → connected …, with backoff 1, 2, 4 … 30 s for ends that make sense to reconnect after
 * ({@link ConsoleEnd#reconnectable()}); none after the user closed or another client took over.
 *
 * <p>Threads: state lives on {@code ui} (the JavaFX thread through a {@link FxCoalescer}; a
 * synchronous executor in tests); stream callbacks hop there. Output bytes do not: they go
 * straight from the connector thread to the terminal's {@link TerminalWidget#feed} (which never
 * blocks) and to the log file's writer thread. Listeners are called on {@code ui}.
 */
public final class ConsoleViewModel implements AutoCloseable {
    /** Where the console stands. */
    public enum Phase { CONNECTING, CONNECTED, RECONNECTING, DISCONNECTED, CLOSED }

    static final int MAX_BACKOFF_SECONDS = 30;
    /** A connection that lasted this long was good: the backoff starts over. */
    static final Duration STABLE = Duration.ofSeconds(30);
    /** Ctrl+] (0x1d), the usual escape of serial consoles, sent as a byte. */
    static final byte[] CTRL_RIGHT_BRACKET = {0x1d};

    private final ConsoleOpener opener;
    private final Item item;
    private final ConsoleType type;
    private final Executor ui;
    private final Scheduler scheduler;
    private final Executor io;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    // state, on ui only
    private Phase phase = Phase.CONNECTING;
    private ConsoleEnd lastEnd;
    private String note;
    private int secondsToReconnect;
    private int failures;
    private long connectedAt;
    private int generation;
    private Scheduler.Cancellable countdown;
    private String description = "";

    // read from connector/terminal threads
    private volatile ConsoleStream stream;
    private volatile Consumer<byte[]> output = b -> { };
    private volatile Consumer<ConsoleStream> streams = s -> { };
    /** The last attempt found the console held by another client (we did not take it over). */
    private boolean busy;
    private volatile SessionLog log;
    private volatile int columns = 80;
    private volatile int rows = 24;

    public ConsoleViewModel(ConsoleOpener opener, Item item, ConsoleType type, Executor ui, Scheduler scheduler,
                            Executor io) {
        this.opener = opener;
        this.item = item;
        this.type = type;
        this.ui = ui;
        this.scheduler = scheduler;
        this.io = io;
    }

    // ---- what the view reads (on ui) ----

    public Item item() {
        return item;
    }

    public ConsoleType type() {
        return type;
    }

    public Phase phase() {
        return phase;
    }

    /** Why it last ended; null before that. */
    public ConsoleEnd lastEnd() {
        return lastEnd;
    }

    public int secondsToReconnect() {
        return secondsToReconnect;
    }

    /** The Reconnect button makes sense (also while an attempt hangs). */
    public boolean canReconnect() {
        return phase == Phase.DISCONNECTED || phase == Phase.RECONNECTING || phase == Phase.CONNECTING;
    }

    /** Special keys the current stream can send (Ctrl+Alt+Del, Break). */
    public Set<ConsoleStream.SpecialKey> specialKeys() {
        ConsoleStream s = stream;
        return s == null || phase != Phase.CONNECTED ? Set.of() : s.specialKeys();
    }

    /** The file the session is being logged to, or null. */
    public Path logFile() {
        SessionLog l = log;
        return l == null ? null : l.file();
    }

    /** The tab's title: "db (serial)", "db (graphics)". */
    public String title() {
        return item.name() + " (" + (type == ConsoleType.VNC ? "graphics" : type.wire()) + ")";
    }

    /** The console is held by another client and we did not take it over: offer Take over. */
    public boolean busy() {
        return busy;
    }

    /** The status line. */
    public String statusText() {
        String text = switch (phase) {
            case CONNECTING -> (lastEnd == null ? "Connecting to " : "Reconnecting to ") + item.name() + "…";
            case CONNECTED -> "Connected: " + description;
            case RECONNECTING -> "Disconnected: " + lastEnd.message() + " Reconnecting in " + secondsToReconnect + " s.";
            case DISCONNECTED -> busy ? "In use: " + lastEnd.message() : switch (lastEnd.reason()) {
                case TAKEN_OVER -> "Taken over by another client: " + lastEnd.message();
                case EXITED -> "Ended: " + lastEnd.message();
                default -> "Disconnected: " + lastEnd.message();
            };
            case CLOSED -> "Closed.";
        };
        return note == null ? text : text + " " + note;
    }

    /** Called on ui after any change. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Where output goes: the terminal's feed. Any thread; must not block. */
    public void onOutput(Consumer<byte[]> sink) {
        output = sink;
    }

    // ---- what the user does ----

    /** Opens the console; call once, then {@link #reconnect()}. */
    public void connect() {
        ui.execute(() -> open(false));
    }

    /** Reconnects now (the Reconnect button); takes the console over if another client holds it. */
    public void reconnect() {
        ui.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            failures = 0;
            closeStream();
            open(true);
        });
    }

    /**
     * Called on ui with each newly connected stream, before its output starts (a protocol on top,
     * such as RFB, starts a new session there).
     */
    public void onStream(Consumer<ConsoleStream> sink) {
        streams = sink;
    }

    /**
     * The protocol on top of the stream failed (e.g. RFB: a wrong password, a malformed update):
     * closes the stream and reports {@code end} as its end (reconnecting if that makes sense).
     * Any thread; ignored unless {@code failed} is the current stream.
     */
    public void streamFailed(ConsoleStream failed, ConsoleEnd end) {
        ui.execute(() -> {
            if (failed != stream || phase != Phase.CONNECTED) {
                return;
            }
            closeStream();
            ended(generation, end);
        });
    }

    /** Keystrokes and pastes. Any thread. */
    public void send(byte[] data) {
        ConsoleStream s = stream;
        if (s != null && data.length > 0) {
            try {
                s.write(data);
            } catch (IOException e) {
                // the stream is ending; its end tells the user why
            }
        }
    }

    /** The terminal's size changed. Any thread. */
    public void resize(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        ConsoleStream s = stream;
        if (s != null) {
            s.resize(columns, rows);
        }
    }

    public void sendSpecial(ConsoleStream.SpecialKey key) {
        ConsoleStream s = stream;
        if (s == null) {
            return;
        }
        try {
            s.sendSpecial(key);
        } catch (IOException e) {
            ui.execute(() -> {
                note = WharfException.userMessage(e);
                changed();
            });
        }
    }

    /** Ctrl+] as a byte (the terminal would otherwise keep it for itself in some setups). */
    public void sendCtrlRightBracket() {
        send(CTRL_RIGHT_BRACKET);
    }

    /** Starts recording the session's bytes, exactly as received, to {@code file} (appending). */
    public void startLog(Path file) {
        SessionLog old = log;
        if (old != null) {
            old.close();
        }
        SessionLog l = new SessionLog(file, io, (failed, message) -> ui.execute(() -> {
            if (log == failed) {
                log = null;
            }
            note = message;
            changed();
        }));
        log = l;
        l.start();
        ui.execute(this::changed);
    }

    /** Stops recording; completes when the file holds everything received until now. */
    public CompletableFuture<Void> stopLog() {
        SessionLog l = log;
        log = null;
        ui.execute(this::changed);
        return l == null ? CompletableFuture.completedFuture(null) : l.close();
    }

    /** Closes the console for good (the tab or window was closed). */
    @Override
    public void close() {
        ui.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            generation++;
            cancelCountdown();
            closeStream();
            stopLog();
            changed();
        });
    }

    // ---- the state machine (on ui) ----

    private void open(boolean force) {
        if (phase == Phase.CLOSED) {
            return;
        }
        cancelCountdown();
        int gen = ++generation;
        phase = Phase.CONNECTING;
        note = null;
        busy = false;
        changed();
        ConsoleRequest request = new ConsoleRequest(type, force, null, List.of(), columns, rows);
        CompletableFuture<ConsoleStream> opening;
        try {
            opening = opener.open(item, request);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((s, t) -> ui.execute(() -> {
            if (gen != generation) {
                if (s != null) {
                    s.close(); // too late: closed or superseded meanwhile
                }
                return;
            }
            if (t != null && dev.wharf.inventory.ConsoleBusyException.isBusy(t)) {
                // held by another client: say so and wait for the user to take it over
                ended(gen, ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, WharfException.userMessage(t)));
                busy = true;
                changed();
            } else if (t != null) {
                ended(gen, ConsoleEnd.of(ConsoleEnd.Reason.ERROR, WharfException.userMessage(t)));
            } else {
                connected(gen, s);
            }
        }));
    }

    private void connected(int gen, ConsoleStream s) {
        stream = s;
        streams.accept(s);
        description = s.description();
        phase = Phase.CONNECTED;
        connectedAt = scheduler.nowMillis();
        s.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                if (gen != generation) {
                    return;
                }
                SessionLog l = log;
                if (l != null) {
                    l.write(data); // first: whatever the user has seen is in the log when it stops
                }
                output.accept(data);
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                ui.execute(() -> ended(gen, end));
            }
        });
        s.resize(columns, rows);
        changed();
    }

    private void ended(int gen, ConsoleEnd end) {
        if (gen != generation || phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CONNECTED && scheduler.nowMillis() - connectedAt >= STABLE.toMillis()) {
            failures = 0;
        }
        stream = null;
        lastEnd = end;
        if (end.reconnectable()) {
            secondsToReconnect = Math.min(MAX_BACKOFF_SECONDS, 1 << Math.min(failures, 5));
            failures++;
            phase = Phase.RECONNECTING;
            tick(gen);
        } else {
            phase = Phase.DISCONNECTED;
        }
        changed();
    }

    private void tick(int gen) {
        countdown = scheduler.schedule(Duration.ofSeconds(1), () -> {
            if (gen != generation || phase != Phase.RECONNECTING) {
                return;
            }
            secondsToReconnect--;
            if (secondsToReconnect <= 0) {
                open(false);
            } else {
                changed();
                tick(gen);
            }
        });
    }

    private void cancelCountdown() {
        if (countdown != null) {
            countdown.cancel();
            countdown = null;
        }
    }

    private void closeStream() {
        ConsoleStream s = stream;
        stream = null;
        if (s != null) {
            generation++;
            s.close();
        }
    }

    private void changed() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
