package dev.wharf.kubernetes.portforward;

import io.fabric8.kubernetes.client.http.WebSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One local TCP connection carried over one websocket. The local side is read by a thread of its
 * own that sends each chunk and waits until it is written (so a fast client cannot queue without
 * bound); each message from the server is written to the local socket before the next is asked for.
 *
 * <p>With channel framing ({@code v4.channel.k8s.io}) every message starts with its channel: 0 data,
 * 1 error; the first message on each carries the port (2 bytes, little-endian) and no data. An
 * error channel's text (the kubelet could not connect to the port) ends the connection.
 */
final class Tunnel implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);
    private static final int CHUNK = 32 * 1024;
    private static final int DATA = 0;
    private static final int ERROR = 1;
    private static final byte[] PING = "wharf".getBytes(StandardCharsets.US_ASCII);

    /** What a tunnel tells its forward. */
    interface Events {
        void opened(Tunnel t);

        /** The handshake was refused or the server did not answer. */
        void refused(Tunnel t, Throwable error);

        /** The target said why it cannot connect (the error channel). */
        void error(Tunnel t, String message);

        /** The websocket broke (not a normal close): the target or the network may be gone. */
        void dropped(Tunnel t, String why);

        void closed(Tunnel t);

        void sent(long bytes);

        void received(long bytes);
    }

    private final ForwardTarget target;
    private final Socket socket;
    private final Events events;
    private final Executor writes;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket ws;
    private volatile java.net.http.WebSocket jdk;
    private volatile boolean closing;
    private boolean dataPrefix;
    private boolean errorPrefix;
    private final StringBuilder errorText = new StringBuilder();
    private CompletableFuture<Void> writeTail = CompletableFuture.completedFuture(null);

    /**
     * @param socket the accepted local connection; null for a probe (a stream opened only to see that it opens)
     * @param writes runs writes to local sockets (blocking), one tunnel's in order
     */
    Tunnel(ForwardTarget target, Socket socket, Events events, Executor writes) {
        this.target = target;
        this.socket = socket;
        this.events = events;
        this.writes = writes;
    }

    /** Opens the websocket; completes when it is open. */
    CompletableFuture<Tunnel> open(io.fabric8.kubernetes.client.KubernetesClient client) {
        return client.getHttpClient().newWebSocketBuilder()
                .subprotocol(target.subprotocol())
                .uri(target.uri())
                .buildAsync(this)
                .handle((w, t) -> {
                    if (t != null) {
                        closeSocket();
                        if (ended.compareAndSet(false, true)) {
                            events.refused(this, t);
                        }
                        throw new java.util.concurrent.CompletionException(t);
                    }
                    return this;
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        jdk = underlyingJdkSocket(webSocket);
        events.opened(this);
        if (socket == null) {
            return;
        }
        Thread reader = new Thread(this::pump, "wharf-port-forward-" + socket.getLocalPort() + "-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Local → server, until the local side ends. */
    private void pump() {
        byte[] buf = new byte[CHUNK + 1];
        int offset = target.channels() ? 1 : 0;
        buf[0] = DATA;
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n = in.read(buf, offset, CHUNK);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    events.sent(n); // counted when handed on: the answer may be back before the send completes
                    sendAndWait(ByteBuffer.wrap(buf, 0, n + offset));
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: local connection ended: {}", target.description(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    private void sendAndWait(ByteBuffer message) throws IOException, InterruptedException {
        java.net.http.WebSocket j = jdk;
        if (j != null) {
            try {
                j.sendBinary(ByteBuffer.wrap(copy(message)), true).get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("sending to " + target.description() + " failed", e);
            }
            return;
        }
        WebSocket w = ws;
        if (!w.send(message)) {
            throw new IOException("the stream to " + target.description() + " is closed");
        }
        while (w.queueSize() > 4L * CHUNK && !ended.get()) {
            Thread.sleep(2);
        }
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        if (!target.channels()) {
            write(b, 0, webSocket);
            return;
        }
        if (b.length == 0) {
            webSocket.request();
            return;
        }
        int channel = b[0] & 0xff;
        int from = 1;
        if (channel == DATA && !dataPrefix || channel == ERROR && !errorPrefix) {
            // the first message on a channel carries its port
            if (channel == DATA) {
                dataPrefix = true;
            } else {
                errorPrefix = true;
            }
            from = Math.min(b.length, 3);
        }
        if (channel == DATA) {
            write(b, from, webSocket);
            return;
        }
        if (channel == ERROR && b.length > from) {
            errorText.append(new String(b, from, b.length - from, StandardCharsets.UTF_8));
        }
        webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        onMessage(webSocket, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes to the local socket off the websocket's thread, then asks for the next message. */
    private void write(byte[] b, int from, WebSocket webSocket) {
        int n = b.length - from;
        if (n <= 0 || socket == null) {
            webSocket.request();
            return;
        }
        synchronized (this) {
            writeTail = writeTail.thenRunAsync(() -> {
                try {
                    events.received(n); // counted first: the local client may act on it at once
                    OutputStream out = socket.getOutputStream();
                    out.write(b, from, n);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("{}: writing to the local connection failed: {}", target.description(), e.toString());
                    close();
                } finally {
                    webSocket.request();
                }
            }, writes);
        }
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
        remoteEnded(code, reason);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        remoteEnded(1006, error.getMessage() == null ? error.toString() : error.getMessage());
    }

    private void remoteEnded(int code, String reason) {
        CompletableFuture<Void> tail;
        synchronized (this) {
            tail = writeTail;
        }
        // what the server sent before it closed reaches the local side first
        tail.whenComplete((v, t) -> {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            boolean ours = closing; // read before the local side closes: its reader then closes too
            closeSocket();
            String error = errorText.toString().trim();
            if (!error.isEmpty()) {
                events.error(this, error);
            } else if (code != 1000 && !ours) {
                events.dropped(this, code + (reason == null || reason.isBlank() ? "" : " " + reason));
            }
            events.closed(this);
        });
    }

    /**
     * Pings the server. The JDK websocket can lose the end of a connection that breaks without a
     * close frame (see {@code console.WebSocketConsole}): a ping that cannot be written tells.
     */
    void keepalive() {
        java.net.http.WebSocket j = jdk;
        if (j == null || ended.get() || closing || j.isOutputClosed()) {
            return;
        }
        try {
            j.sendPing(ByteBuffer.wrap(PING)).whenComplete((w, t) -> {
                Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t;
                if (cause instanceof IOException && !ended.get() && !closing) {
                    LOG.debug("{}: a ping failed, the stream is gone: {}", target.description(), cause.toString());
                    j.abort();
                    remoteEnded(1006, "the connection broke");
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: ping not sent", target.description(), e); // e.g. the previous ping is still queued
        }
    }

    /** Closes both sides; the forward hears {@link Events#closed} once. */
    void close() {
        closing = true;
        closeSocket();
        WebSocket w = ws;
        if (w != null) {
            try {
                w.sendClose(1000, "");
            } catch (RuntimeException e) {
                LOG.debug("closing the stream to {}", target.description(), e);
            }
        }
        java.net.http.WebSocket j = jdk;
        // the server's answering close may never come (a dead connection): do not wait for it
        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(() -> {
            if (!ended.get()) {
                if (j != null) {
                    j.abort();
                }
                remoteEnded(1000, "closed");
            }
        });
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a local connection", e);
            }
        }
    }

    /**
     * fabric8's websocket wraps a {@link java.net.http.WebSocket} whose send future tells when a
     * message is written (fabric8's own send does not wait, and the JDK refuses a send while one is
     * under way). Found once per socket; with another HTTP client we fall back to fabric8's queue size.
     */
    private static java.net.http.WebSocket underlyingJdkSocket(WebSocket ws) {
        for (Class<?> c = ws.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (java.net.http.WebSocket.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        return (java.net.http.WebSocket) f.get(ws);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
