package dev.wharf.kubernetes.portforward;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A forward: a local listening socket whose every accepted connection gets a {@link Tunnel} (a
 * websocket of its own). When a stream breaks the forward says "reconnecting", asks the API server
 * whether the target still exists and opens a fresh stream to see that it works again; when the
 * target is gone it says so and releases the local port.
 */
final class LocalForward implements Forward, Tunnel.Events {
    private static final Logger LOG = LoggerFactory.getLogger(LocalForward.class);
    private static final long[] BACKOFF_MS = {200, 1000, 2000, 5000};
    /** How often open streams are pinged (a broken one is then noticed even when nothing flows). */
    static final long KEEPALIVE_MS = 5000;

    private final KubernetesClient client;
    private final ForwardTarget target;
    private final String itemId;
    private final ServerSocket server;
    private final ExecutorService writes;
    private final ScheduledExecutorService checks;
    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final AtomicLong total = new AtomicLong();
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Status status = Status.active();
    private boolean checking;      // guarded by lock
    private int attempt;           // guarded by lock

    private LocalForward(KubernetesClient client, ForwardTarget target, String itemId, ServerSocket server) {
        this.client = client;
        this.target = target;
        this.itemId = itemId;
        this.server = server;
        String name = "wharf-port-forward-" + server.getLocalPort();
        this.writes = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), daemon(name + "-write"));
        this.checks = Executors.newSingleThreadScheduledExecutor(daemon(name + "-check"));
    }

    /** Binds {@code bindAddress:localPort} (0: free) and starts accepting. Throws a WharfException saying why not. */
    static LocalForward start(KubernetesClient client, ForwardTarget target, String itemId, String bindAddress,
                              int localPort) {
        if (localPort < 0 || localPort > 65535) {
            throw new WharfException("Local port " + localPort + " is not a TCP port: give 0 (any free port) to 65535.");
        }
        ServerSocket s;
        try {
            InetAddress address = InetAddress.getByName(bindAddress == null || bindAddress.isBlank()
                    ? "127.0.0.1" : bindAddress);
            s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(address, localPort), 128);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        } catch (java.net.UnknownHostException e) {
            throw new WharfException("Cannot listen on " + bindAddress + ": no such address. Use 127.0.0.1, "
                    + "0.0.0.0 or an address of this machine.", e);
        } catch (IOException e) {
            throw new WharfException("Cannot listen on " + bindAddress + ":" + localPort + " (" + e.getMessage()
                    + "): the port is in use or not allowed. Pick another local port, or 0 for a free one.", e);
        }
        LocalForward f = new LocalForward(client, target, itemId, s);
        f.checks.scheduleWithFixedDelay(() -> f.open.forEach(Tunnel::keepalive), KEEPALIVE_MS, KEEPALIVE_MS,
                TimeUnit.MILLISECONDS);
        Thread acceptor = new Thread(f::accept, "wharf-port-forward-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("forwarding {}:{} -> {} port {}", s.getInetAddress().getHostAddress(), s.getLocalPort(),
                target.description(), target.port());
        return f;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("{}: accept failed", target.description(), e);
                }
                return;
            }
            State st = status.state();
            if (st == State.STOPPED || st == State.TARGET_GONE) {
                close(s);
                continue;
            }
            try {
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                LOG.debug("no TCP_NODELAY", e);
            }
            total.incrementAndGet();
            Tunnel t = new Tunnel(target, s, this, writes);
            open.add(t);
            t.open(client);
        }
    }

    // ------------------------------------------------------------------ Forward

    @Override
    public String target() {
        return target.description();
    }

    @Override
    public String itemId() {
        return itemId;
    }

    @Override
    public String bindAddress() {
        return server.getInetAddress().getHostAddress();
    }

    @Override
    public int localPort() {
        return server.getLocalPort();
    }

    @Override
    public int remotePort() {
        return target.port();
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public long bytesOut() {
        return out.sum();
    }

    @Override
    public long bytesIn() {
        return in.sum();
    }

    @Override
    public int openConnections() {
        return open.size();
    }

    @Override
    public long totalConnections() {
        return total.get();
    }

    @Override
    public void onStatus(Consumer<Status> listener) {
        listeners.add(listener);
        listener.accept(status);
    }

    @Override
    public void stop() {
        end(new Status(State.STOPPED, ""));
    }

    /** The target is gone (the inventory says so, or the API server): release the port, say why. */
    void targetGone(String why) {
        end(new Status(State.TARGET_GONE, why));
    }

    private void end(Status s) {
        synchronized (lock) {
            State now = status.state();
            if (now == State.STOPPED || now == State.TARGET_GONE && s.state() == State.TARGET_GONE) {
                return;
            }
            // released before anyone hears "stopped" or "gone": the port is free when they act on it
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("closing the listening socket", e);
            }
            setStatus(s);
        }
        for (Tunnel t : open) {
            t.close();
        }
        checks.shutdownNow();
        // the write pool is left to drain what closing tunnels still write; its idle threads end by themselves
    }

    private void setStatus(Status s) {
        Status before = status;
        if (before.equals(s) || before.state() == State.STOPPED) {
            return;
        }
        status = s;
        if (s.state() != State.ACTIVE || before.state() != State.ACTIVE) {
            LOG.info("{} port {}: {}{}", target.description(), target.port(), s.state().label(),
                    s.message().isEmpty() ? "" : ": " + s.message());
        }
        for (Consumer<Status> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("a port-forward status listener failed", e);
            }
        }
    }

    private boolean ended() {
        State st = status.state();
        return st == State.STOPPED || st == State.TARGET_GONE;
    }

    // ------------------------------------------------------------------ Tunnel.Events

    @Override
    public void opened(Tunnel t) {
        synchronized (lock) {
            if (!ended() && status.state() != State.ACTIVE) {
                attempt = 0;
                setStatus(Status.active());
            }
        }
    }

    @Override
    public void refused(Tunnel t, Throwable error) {
        open.remove(t);
        int code = status(error);
        String what = "Could not forward to port " + target.port() + " of " + target.description();
        switch (code) {
            case 401 -> failed(what + ": the cluster did not accept your credentials (401). Log in again.");
            case 403 -> failed(what + ": not allowed (403). Ask a cluster admin for " + target.permission() + ".");
            case 409 -> failed(what + ": the VM is paused (409). Unpause it; new connections will work again.");
            case 400, 404 -> reconnect(what + ": the API server answered " + code + ".");
            default -> reconnect(what + ": " + (code < 0 ? "the API server did not answer (" + root(error) + ")"
                    : "the API server answered " + code) + ".");
        }
    }

    @Override
    public void error(Tunnel t, String message) {
        // the target is there but refused this connection (nothing listens on the port): the forward stays
        synchronized (lock) {
            if (!ended() && status.state() == State.ACTIVE) {
                setStatus(new Status(State.ACTIVE, "Last connection failed: " + message));
            }
        }
    }

    @Override
    public void dropped(Tunnel t, String why) {
        reconnect("A stream to " + target.description() + " broke (" + why + ").");
    }

    @Override
    public void closed(Tunnel t) {
        open.remove(t);
    }

    @Override
    public void sent(long bytes) {
        out.add(bytes);
    }

    @Override
    public void received(long bytes) {
        in.add(bytes);
    }

    private void failed(String message) {
        synchronized (lock) {
            if (!ended()) {
                setStatus(new Status(State.FAILED, message));
            }
        }
    }

    /** Says "reconnecting" and checks the target until a fresh stream opens, or the target is gone. */
    private void reconnect(String why) {
        synchronized (lock) {
            if (ended()) {
                return;
            }
            setStatus(new Status(State.RECONNECTING, why + " Reconnecting…"));
            if (checking) {
                return;
            }
            checking = true;
        }
        schedule();
    }

    private void schedule() {
        long delay;
        synchronized (lock) {
            delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
            attempt++;
        }
        try {
            checks.schedule(this::check, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped
        }
    }

    private void check() {
        if (ended() || status.state() == State.ACTIVE) {
            done();
            return;
        }
        target.gone().orTimeout(10, TimeUnit.SECONDS).whenComplete((gone, t) -> {
            if (t != null) {
                setStatusIfRunning(new Status(State.RECONNECTING, "The API server does not answer (" + root(t)
                        + "). Reconnecting…"));
                schedule();
            } else if (gone.isPresent()) {
                done();
                targetGone(gone.get());
            } else {
                probe();
            }
        });
    }

    /** Opens a stream without a local connection: once it opens the forward works again. */
    private void probe() {
        Tunnel p = new Tunnel(target, null, new Tunnel.Events() {
            @Override
            public void opened(Tunnel t) {
                done();
                LocalForward.this.opened(t);
                t.close();
            }

            @Override
            public void refused(Tunnel t, Throwable error) {
                int code = status(error);
                if (code == 401 || code == 403 || code == 409) {
                    done();
                    LocalForward.this.refused(t, error);
                } else {
                    schedule();
                }
            }

            @Override
            public void error(Tunnel t, String message) {
            }

            @Override
            public void dropped(Tunnel t, String why) {
            }

            @Override
            public void closed(Tunnel t) {
            }

            @Override
            public void sent(long bytes) {
            }

            @Override
            public void received(long bytes) {
            }
        }, writes);
        p.open(client);
    }

    private void done() {
        synchronized (lock) {
            checking = false;
            attempt = 0;
        }
    }

    private void setStatusIfRunning(Status s) {
        synchronized (lock) {
            if (!ended()) {
                setStatus(s);
            }
        }
    }

    static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WebSocketHandshakeException h) {
                return h.getResponse().code();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return -1;
    }

    private static String root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null || r.getMessage().isBlank() ? r.getClass().getSimpleName() : r.getMessage();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a refused connection", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
