package dev.wharf.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.WharfException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.jna.SizeT;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A domain's serial console ({@code virDomainOpenConsole}) as a {@link ConsoleStream}.
 *
 * <p>One I/O thread per console owns the non-blocking libvirt stream: it sends queued keystrokes
 * and receives output with raw {@code virStreamRecv}/{@code virStreamSend} (binary-safe). A stream
 * event callback on libvirt's event loop only wakes it (and disarms itself until the thread has
 * read), so no libvirt call blocks the event loop and callers never wait. On any end the I/O thread
 * removes the callback, then finishes or aborts and frees the stream itself: nothing frees the
 * stream while a thread is still inside a call on it.
 */
final class LibvirtConsole implements ConsoleStream, LibvirtConsoles.Open {
    private static final int BUFFER = 64 * 1024;
    private static final int ARMED = NativeShim.EVENT_READABLE | NativeShim.EVENT_ERROR | NativeShim.EVENT_HANGUP;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String description;
    private final String domainUuid;
    private final Pointer stream;
    /** Strong reference for as long as it is registered: libvirt keeps only the function pointer. */
    private final NativeShim.StreamCallback callback;
    private final Supplier<ConsoleEnd> endResolver;
    private final Consumer<? super LibvirtConsole> onFinished;
    private final Queue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicReference<ConsoleEnd> requestedEnd = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Thread io;
    private volatile Listener listener;

    private LibvirtConsole(String description, String domainUuid, Pointer stream, Supplier<ConsoleEnd> endResolver,
                           Consumer<? super LibvirtConsole> onFinished) {
        this.description = description;
        this.domainUuid = domainUuid;
        this.stream = stream;
        this.endResolver = endResolver;
        this.onFinished = onFinished;
        this.callback = (st, events, opaque) -> {
            // On the event loop thread: no blocking call; disarm until the I/O thread has read.
            NativeShim.lib().virStreamEventUpdateCallback(st, 0);
            Thread t = io;
            if (t != null) {
                LockSupport.unpark(t);
            }
        };
    }

    /**
     * Opens the console of {@code domain} (a blocking call: run it on the connection's worker).
     *
     * @throws WharfException with libvirt's reason, or saying that another client holds the console
     */
    static LibvirtConsole open(Connect conn, Domain domain, String domainName, String domainUuid, boolean force,
                               String description, Supplier<ConsoleEnd> endResolver,
                               Consumer<? super LibvirtConsole> onFinished) {
        NativeShim.Api api = NativeShim.lib();
        Pointer st = api.virStreamNew(NativeShim.connectPointer(conn), NativeShim.STREAM_NONBLOCK);
        if (st == null) {
            throw new WharfException("Cannot open the serial console of " + domainName + ": " + NativeShim.lastError());
        }
        int rc = api.virDomainOpenConsole(NativeShim.domainPointer(domain), null, st,
                force ? NativeShim.CONSOLE_FORCE : 0);
        if (rc < 0) {
            String message = NativeShim.lastError();
            api.virStreamFree(st);
            throw new WharfException(openFailure(domainName, message));
        }
        return new LibvirtConsole(description, domainUuid, st, endResolver, onFinished);
    }

    /** The message for a refused open; pure, for tests. */
    static String openFailure(String domainName, String libvirtMessage) {
        if (libvirtMessage.contains("Active console session exists")) {
            return "Another client holds the serial console of " + domainName + " (libvirt: " + libvirtMessage
                    + "). Take it over with force (wharf console --force, or \"Take over\" in the desktop); "
                    + "the other client is then disconnected.";
        }
        return "Cannot open the serial console of " + domainName + ": " + libvirtMessage;
    }

    public String domainUuid() {
        return domainUuid;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener l) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("console already started");
        }
        listener = l;
        Thread t = new Thread(this::run, "wharf-console " + description);
        t.setDaemon(true);
        io = t;
        t.start();
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (ended.get() || requestedEnd.get() != null) {
            throw new IOException(description + " is closed");
        }
        if (data.length == 0) {
            return;
        }
        outgoing.add(data.clone());
        Thread t = io;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        end(ConsoleEnd.closed());
    }

    /** Ends the stream with {@code why} (the guest stopped, the connection dropped); the first reason wins. */
    public void end(ConsoleEnd why) {
        requestedEnd.compareAndSet(null, why);
        if (started.compareAndSet(false, true)) {
            listener = null;
            Thread t = new Thread(this::run, "wharf-console-close " + description);
            t.setDaemon(true);
            io = t;
            t.start();
            return;
        }
        Thread t = io;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        NativeShim.Api api = NativeShim.lib();
        Memory rbuf = new Memory(BUFFER);
        Memory wbuf = new Memory(BUFFER);
        boolean armed = requestedEnd.get() == null
                && api.virStreamEventAddCallback(stream, ARMED, callback, null, null) == 0;
        String streamEnd = null; // "eof" or libvirt's error, when the far end ended the stream
        byte[] pending = null;
        int pendingOffset = 0;
        try {
            while (requestedEnd.get() == null) {
                boolean progress = false;
                // Keystrokes first: they are small and latency matters.
                while (true) {
                    if (pending == null) {
                        pending = outgoing.poll();
                        pendingOffset = 0;
                        if (pending == null) {
                            break;
                        }
                    }
                    int len = Math.min(BUFFER, pending.length - pendingOffset);
                    wbuf.write(0, pending, pendingOffset, len);
                    int n = api.virStreamSend(stream, wbuf, new SizeT(len));
                    if (n == -2) {
                        break;
                    }
                    if (n < 0) {
                        streamEnd = NativeShim.lastError();
                        break;
                    }
                    progress = true;
                    pendingOffset += n;
                    if (pendingOffset >= pending.length) {
                        pending = null;
                    }
                }
                if (streamEnd != null) {
                    break;
                }
                while (true) {
                    int n = api.virStreamRecv(stream, rbuf, new SizeT(BUFFER));
                    if (n > 0) {
                        deliver(rbuf.getByteArray(0, n));
                        progress = true;
                        continue;
                    }
                    if (n == 0) {
                        streamEnd = "eof";
                    } else if (n != -2) {
                        streamEnd = NativeShim.lastError();
                    }
                    break;
                }
                if (streamEnd != null) {
                    break;
                }
                if (!progress) {
                    if (armed) {
                        api.virStreamEventUpdateCallback(stream, ARMED);
                    }
                    LockSupport.parkNanos(this, pending != null ? IDLE_NANOS / 10 : IDLE_NANOS);
                }
            }
        } catch (RuntimeException e) {
            streamEnd = String.valueOf(e.getMessage());
        } finally {
            if (armed) {
                api.virStreamEventRemoveCallback(stream);
                NativeShim.retire(callback);
            }
            if ("eof".equals(streamEnd)) {
                api.virStreamFinish(stream);
            } else {
                api.virStreamAbort(stream);
            }
            api.virStreamFree(stream);
        }
        ConsoleEnd end = requestedEnd.get();
        if (end == null) {
            end = endResolver.get();
            requestedEnd.compareAndSet(null, end);
            end = requestedEnd.get();
        }
        finish(end);
    }

    private void deliver(byte[] data) {
        Listener l = listener;
        if (l != null) {
            try {
                l.onData(data);
            } catch (RuntimeException e) {
                requestedEnd.compareAndSet(null, ConsoleEnd.of(ConsoleEnd.Reason.ERROR,
                        "the console's reader failed: " + e.getMessage()));
            }
        }
    }

    private void finish(ConsoleEnd end) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        onFinished.accept(this);
        Listener l = listener;
        if (l != null) {
            try {
                l.onEnd(end);
            } catch (RuntimeException ignored) {
                // the listener's problem; the stream is gone either way
            }
        }
    }

    /** Waits for the I/O thread to end (tests, orderly shutdown). */
    boolean awaitEnd(long millis) throws InterruptedException {
        Thread t = io;
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return ended.get();
    }
}
