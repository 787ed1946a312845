package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.utils.Utils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the serial console and exec/attach share: a fabric8 websocket (so the client's auth,
 * TLS and token refresh apply), output held back until {@link #start}, our own pings, and an
 * end that is reported exactly once.
 */
abstract class WebSocketConsole implements ConsoleStream, WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConsole.class);
    private static final ByteBuffer PING = ByteBuffer.wrap("wharf".getBytes(StandardCharsets.US_ASCII));
    /** How long output must have been quiet before we check that the connection is still there. */
    static final long PROBE_MILLIS = 1000;
    /** Pings of one check: measured, the third write after the peer has gone is the first to fail. */
    static final int PROBE_PINGS = 4;

    private final String description;
    protected final ConsoleSettings settings;
    private final Object lock = new Object();
    private final List<byte[]> early = new ArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object sendLock = new Object();
    /** The last message queued; the next one is written once it has completed. Guarded by sendLock. */
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);
    /** Set when we close: the server's answering close frame is then no news. */
    private volatile boolean closing;
    private Listener listener;            // guarded by lock
    private ConsoleEnd pendingEnd;        // guarded by lock
    private volatile WebSocket socket;
    private volatile java.net.http.WebSocket jdkSocket;
    private volatile CompletableFuture<?> pings;
    private final java.util.concurrent.atomic.AtomicLong pingsSent = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long lastMessageNanos;

    WebSocketConsole(String description, ConsoleSettings settings) {
        this.description = description;
        this.settings = settings;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener l) {
        ConsoleEnd end;
        synchronized (lock) {
            if (listener != null) {
                throw new IllegalStateException(description + " already started");
            }
            for (byte[] b : early) {
                l.onData(b);
            }
            early.clear();
            listener = l;
            end = pendingEnd;
            pendingEnd = null;
        }
        if (end != null) {
            l.onEnd(end);
        }
    }

    /**
     * Queues one binary message; never blocks. Messages leave in order, each once the one before
     * it is written: the JDK websocket refuses a binary send while the previous one is under way
     * (IllegalStateException), which a resize and a keystroke, or fast typing, would hit.
     */
    protected final void send(byte[] message) throws IOException {
        WebSocket ws = socket;
        if (ws == null || ended.get()) {
            throw new IOException(description + " is closed");
        }
        byte[] copy = message.clone();
        enqueue(() -> sendNow(ws, copy));
    }

    /** Runs {@code next} once everything queued before it has been written (or has failed). */
    private void enqueue(java.util.function.Supplier<CompletableFuture<?>> next) {
        synchronized (sendLock) {
            sendTail = sendTail.thenCompose(v -> {
                try {
                    return next.get().handle((r, t) -> null);
                } catch (RuntimeException e) {
                    LOG.debug("send on {} failed", description, e);
                    return CompletableFuture.completedFuture(null);
                }
            });
        }
    }

    private CompletableFuture<?> sendNow(WebSocket ws, byte[] message) {
        java.net.http.WebSocket jdk = jdkSocket;
        if (jdk == null) {
            // another HTTP client than the JDK's: fabric8's send queues by itself
            if (!ws.send(ByteBuffer.wrap(message))) {
                LOG.debug("{}: the connection did not take {} bytes", description, message.length);
            }
            return CompletableFuture.completedFuture(null);
        }
        if (jdk.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return jdk.sendBinary(ByteBuffer.wrap(message), true).whenComplete((w, t) -> {
            if (t != null) {
                writeFailed(jdk, t);
            }
        });
    }

    /** After what is queued: the close frame. */
    private void enqueueClose(WebSocket ws, String reason) {
        enqueue(() -> {
            ws.sendClose(1000, reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    protected final boolean isEnded() {
        return ended.get();
    }

    /** The subprotocol the server chose; empty if unknown. */
    protected final String subprotocol() {
        java.net.http.WebSocket jdk = jdkSocket;
        return jdk == null ? "" : jdk.getSubprotocol();
    }

    /** Pings sent so far (for tests and diagnostics). */
    final long pingsSent() {
        return pingsSent.get();
    }

    protected final void deliver(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Listener l;
        synchronized (lock) {
            if (listener == null) {
                early.add(data);
                return;
            }
            l = listener;
        }
        l.onData(data);
    }

    /** Reports the end once; later calls are ignored. */
    protected final void end(ConsoleEnd end) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<?> p = pings;
        if (p != null) {
            p.cancel(false);
        }
        release();
        Listener l;
        synchronized (lock) {
            if (listener == null) {
                pendingEnd = end;
                return;
            }
            l = listener;
        }
        l.onEnd(end);
    }

    @Override
    public void close() {
        if (ended.get() || closing) {
            return;
        }
        closing = true;
        WebSocket ws = socket;
        if (ws != null) {
            try {
                beforeClose();
                enqueueClose(ws, "closed by the user");
            } catch (RuntimeException | IOException e) {
                LOG.debug("closing {}", description, e);
            }
        }
        end(ConsoleEnd.closed());
    }

    /** Closes our side if it is still open (e.g. the shell's status came before the server closed). */
    private void release() {
        WebSocket ws = socket;
        if (ws != null && !closing) {
            enqueueClose(ws, "console ended");
        }
    }

    /** A last message before the close frame (exec v5 closes stdin). */
    protected void beforeClose() throws IOException {
    }

    /** A message that keeps the connection busy when a ping frame cannot be sent. */
    protected abstract byte[] keepaliveMessage();

    /** The payload of one binary message from the server. */
    protected abstract void received(byte[] message);

    /** The server closed the connection or it broke; decide why, then {@link #end}. */
    protected abstract void remoteClosed(int code, String reason, Throwable error);

    // --- WebSocket.Listener (fabric8 calls these serially) ---

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        jdkSocket = underlyingJdkSocket(webSocket);
        long every = settings.pingInterval().toMillis();
        pings = Utils.scheduleAtFixedRate(Runnable::run, this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
        try {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            received(b);
        } finally {
            webSocket.request();
            probeSoon();
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        try {
            received(text.getBytes(StandardCharsets.UTF_8));
        } finally {
            webSocket.request();
            probeSoon();
        }
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
        if (!ended.get() && !closing) {
            remoteClosed(code, reason, null);
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!ended.get() && !closing) {
            remoteClosed(1006, error.getMessage(), error);
        }
    }

    /**
     * The JDK websocket (17 to 25 at least) loses an end of stream that arrives while it hands us a
     * message: its transport then has no demand, {@code acknowledgeReception()} throws an
     * InternalError on the selector thread, and neither onClose nor onError ever comes. A server
     * that writes its last output and drops the connection hits that window nearly every time
     * (a frame and the FIN read back to back). So once output has been quiet for
     * {@link #PROBE_MILLIS} we ping {@link #PROBE_PINGS} times, that long apart: the first write
     * draws the peer's reset, a later one fails, and {@link #writeFailed} reports the lost connection.
     */
    private void probeSoon() {
        lastMessageNanos = System.nanoTime();
        if (!ended.get() && probing.compareAndSet(false, true)) {
            Utils.schedule(Runnable::run, () -> probe(PROBE_PINGS), probeMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long probeMillis() {
        return Math.min(PROBE_MILLIS, settings.pingInterval().toMillis());
    }

    private void probe(int left) {
        if (ended.get() || closing) {
            probing.set(false);
            return;
        }
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMessageNanos);
        if (quietMillis < probeMillis()) {
            // output still flowing: check once it stops
            Utils.schedule(Runnable::run, () -> probe(left), probeMillis() - quietMillis, TimeUnit.MILLISECONDS);
            return;
        }
        ping();
        if (left > 1) {
            Utils.schedule(Runnable::run, () -> probe(left - 1), probeMillis(), TimeUnit.MILLISECONDS);
        } else {
            probing.set(false);
        }
    }

    private void ping() {
        if (ended.get() || closing) {
            return;
        }
        java.net.http.WebSocket jdk = jdkSocket;
        try {
            if (jdk != null && !jdk.isOutputClosed()) {
                jdk.sendPing(PING.duplicate()).whenComplete((w, t) -> {
                    if (t != null) {
                        writeFailed(jdk, t);
                    }
                });
            } else {
                // fabric8 aborts a socket whose write failed and reports onClose(1006)
                WebSocket ws = socket;
                byte[] keepalive = keepaliveMessage();
                enqueue(() -> sendNow(ws, keepalive));
            }
            pingsSent.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.debug("ping on {} failed", description, e);
        }
    }

    /** A ping or message that cannot be written means the connection is gone, whether or not the JDK said so. */
    private void writeFailed(java.net.http.WebSocket jdk, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (!(cause instanceof IOException)) {
            // e.g. IllegalStateException "Send pending": the previous ping is still queued, not a failure
            LOG.debug("write on {} not done", description, cause);
            return;
        }
        if (ended.get() || closing) {
            return;
        }
        LOG.debug("write on {} failed: the connection is gone", description, cause);
        jdk.abort();
        remoteClosed(1006, cause.getMessage(), cause);
    }

    /**
     * fabric8's websocket has no ping; its JDK implementation wraps a {@link java.net.http.WebSocket}
     * that has. We look for it once; with another HTTP client we fall back to a keepalive message.
     */
    static java.net.http.WebSocket underlyingJdkSocket(WebSocket ws) {
        for (Class<?> c = ws.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (java.net.http.WebSocket.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        return (java.net.http.WebSocket) f.get(ws);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        LOG.debug("no JDK websocket in {}", c, e);
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
