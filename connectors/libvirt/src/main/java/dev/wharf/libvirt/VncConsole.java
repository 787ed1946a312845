package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsolePassword;
import dev.wharf.inventory.ConsoleStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A domain's VNC display as a {@link ConsoleStream} of raw RFB bytes: over the socket libvirt opened
 * for us ({@code virDomainOpenGraphicsFD}) or a TCP socket to the display. One reader thread
 * delivers the bytes; {@link #write} only queues (the {@link ConsoleStream} contract: a caller on the
 * FX thread must never wait for a slow socket) and one writer thread sends the queue in order.
 */
final class VncConsole implements ConsoleStream, ConsolePassword, LibvirtConsoles.Open {
    private final String description;
    private final String domainUuid;
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable socket;
    private final Supplier<Optional<char[]>> password;
    private final Supplier<ConsoleEnd> endResolver;
    private final Consumer<LibvirtConsoles.Open> onFinished;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Listener listener;
    private volatile ConsoleEnd end;
    /** Bytes waiting for the writer thread; guarded by itself. */
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pendingBytes;
    private volatile IOException writeFailure;
    /** {@link #close()} was called while bytes waited: the writer sends them, then ends the console. */
    private boolean closing;
    /** The writer thread holds bytes taken from the queue and not yet sent. */
    private boolean sending;

    /** How long {@link #close()} lets queued bytes (the last keys typed) go out before it ends anyway. */
    static final long DRAIN_MS = 2000;

    /** Most bytes queued for the display before the console gives up on it (it stopped reading). */
    static final long MAX_PENDING = 16L * 1024 * 1024;

    VncConsole(String description, String domainUuid, InputStream in, OutputStream out, AutoCloseable socket,
               Supplier<Optional<char[]>> password, Supplier<ConsoleEnd> endResolver,
               Consumer<LibvirtConsoles.Open> onFinished) {
        this.description = description;
        this.domainUuid = domainUuid;
        this.in = in;
        this.out = out;
        this.socket = socket;
        this.password = password;
        this.endResolver = endResolver;
        this.onFinished = onFinished;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String domainUuid() {
        return domainUuid;
    }

    @Override
    public void start(Listener l) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started: " + description);
        }
        listener = l;
        if (ended.get()) {
            l.onEnd(end);
            return;
        }
        Thread t = new Thread(this::readLoop, "vnc " + description);
        t.setDaemon(true);
        t.start();
        Thread w = new Thread(this::writeLoop, "vnc-write " + description);
        w.setDaemon(true);
        w.start();
    }

    /** Sends queued bytes in order until the console ends; a failure shuts the socket so the reader ends too. */
    private void writeLoop() {
        try {
            while (true) {
                byte[] next;
                synchronized (pending) {
                    while (pending.isEmpty() && !ended.get() && !closing) {
                        pending.wait();
                    }
                    if (ended.get()) {
                        return;
                    }
                    if (pending.isEmpty()) { // closing, and all sent
                        break;
                    }
                    next = pending.poll();
                    pendingBytes -= next.length;
                    sending = true;
                }
                out.write(next);
                out.flush();
                synchronized (pending) {
                    sending = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException e) {
            if (!ended.get()) {
                writeFailure = e;
                closeSocket();
            }
            return;
        }
        end(ConsoleEnd.closed());
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                listener.onData(Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // ends below
        }
        if (!ended.get()) {
            IOException failed = writeFailure;
            end(failed != null
                    ? ConsoleEnd.of(ConsoleEnd.Reason.ERROR, "sending to the " + description + " failed: " + failed.getMessage())
                    : endResolver.get());
        }
    }

    /** Queues {@code data} for the writer thread; never waits for the socket. */
    @Override
    public void write(byte[] data) throws IOException {
        if (ended.get()) {
            throw new IOException(description + " is closed");
        }
        if (data.length == 0) {
            return;
        }
        boolean overflow;
        synchronized (pending) {
            if (closing) {
                throw new IOException(description + " is closed");
            }
            overflow = pendingBytes + data.length > MAX_PENDING;
            if (!overflow) {
                pending.add(data);
                pendingBytes += data.length;
                pending.notifyAll();
            }
        }
        if (overflow) {
            end(ConsoleEnd.of(ConsoleEnd.Reason.ERROR, "the " + description + " stopped reading: more than "
                    + MAX_PENDING / (1024 * 1024) + " MiB waited to be sent"));
            throw new IOException(description + " stopped reading its input");
        }
    }

    @Override
    public Optional<char[]> vncPassword() {
        return password.get();
    }

    /** Ends the console; bytes still queued go out first (for at most {@link #DRAIN_MS}). */
    @Override
    public void close() {
        synchronized (pending) {
            if (started.get() && (!pending.isEmpty() || sending) && !ended.get()) {
                closing = true;
                pending.notifyAll();
                CompletableFuture.delayedExecutor(DRAIN_MS, TimeUnit.MILLISECONDS).execute(() -> end(ConsoleEnd.closed()));
                return;
            }
        }
        end(ConsoleEnd.closed());
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    @Override
    public void end(ConsoleEnd why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        end = why;
        synchronized (pending) {
            pending.clear();
            pendingBytes = 0;
            pending.notifyAll();
        }
        closeSocket();
        onFinished.accept(this);
        Listener l = listener;
        if (l != null) {
            l.onEnd(why);
        }
    }
}
