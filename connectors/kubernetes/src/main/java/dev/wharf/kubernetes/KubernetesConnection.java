package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.console.KubernetesConsoles;
import dev.wharf.kubernetes.logs.KubernetesLogs;
import dev.wharf.kubernetes.mapping.Ids;
import dev.wharf.kubernetes.metrics.MetricsMapper;
import dev.wharf.kubernetes.metrics.MetricsServerUsage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kubernetes context as a source: its client, built on the connection's own thread (an exec
 * plugin may take seconds; one that hangs or fails makes this source's ERROR, nobody else's),
 * then {@link ApiCheck} (is it a Kubernetes API at all?), then {@link KubernetesInformers}
 * mapping nodes, pods, RuntimeClasses and KubeVirt VMs, VMIs and migrations into the inventory.
 *
 * <p>Two ways to run: <b>live</b> ({@link #start()}: the desktop, {@code ls --watch}) keeps
 * watching, and when the server is lost keeps its items as stale and probes until it is back;
 * <b>once</b> ({@link #startOnce()}: one-shot {@code ls}, {@code act}) needs the first complete
 * lists only: a watch that fails after its list is no failure, and an error is final (its message
 * does not promise retries).
 */
public final class KubernetesConnection implements Source, LogSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConnection.class);
    private static final long PROBE_MS = 1000;

    private final String name;
    private final String id;
    private final Supplier<KubernetesClient> clientFactory;
    private final TransferProgress progress;
    private final Inventory inventory;
    private final boolean ownsClient;
    private final Ids ids;
    private final ScheduledExecutorService worker;
    private final ExecutorService blocking;
    private final MetricsServerUsage usage;

    // set on the worker once the client is built
    private volatile KubernetesClient client;
    private volatile AccessReviews reviews;
    private volatile KubernetesActions actions;
    private volatile KubernetesReads reads;
    private volatile KubernetesLogs logs;
    private volatile KubernetesInformers informers;

    private final Object monitor = new Object();
    private volatile boolean started;
    private volatile boolean once;
    private volatile boolean closed;
    /** The current informers have all listed and the inventory holds their mapping. */
    private volatile boolean synced;
    /** The first complete list has happened (for {@link #awaitInitialSync}). */
    private volatile boolean initialSynced;
    /** Why the source is not connected; null while fine. Written on the worker. */
    private volatile String error;
    /** The status last written to the inventory (what a waiter may read there). */
    private volatile SourceStatus published;
    /** Lost: informers stopped, probing the server until it answers. Worker only. */
    private boolean probing;
    private boolean probeInFlight;
    private ScheduledFuture<?> probeTask;

    /** For tests and the lab: over an existing client (not closed by {@link #close()}); source id "k8s:" + name. */
    public KubernetesConnection(String name, KubernetesClient client, Inventory inventory) {
        this(name, () -> client, new TransferProgress(), inventory, false);
        Objects.requireNonNull(client, "client");
    }

    /** Over a client built when it starts, on its own thread, and closed with it. */
    KubernetesConnection(String name, Supplier<KubernetesClient> clientFactory, TransferProgress progress, Inventory inventory) {
        this(name, clientFactory, progress, inventory, true);
    }

    private KubernetesConnection(String name, Supplier<KubernetesClient> clientFactory, TransferProgress progress,
                                 Inventory inventory, boolean ownsClient) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = "k8s:" + name;
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.progress = progress;
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.ownsClient = ownsClient;
        this.ids = new Ids(id);
        this.worker = Executors.newSingleThreadScheduledExecutor(daemon("wharf-k8s-" + name));
        this.blocking = Executors.newCachedThreadPool(daemon("wharf-k8s-" + name + "-calls"));
        this.usage = new MetricsServerUsage(id, this::client, MetricsMapper.Lookups.of(
                n -> informers == null ? null : informers.caches().node(n),
                p -> informers == null ? null : informers.caches().pod(p), inventory::get));
    }

    @Override
    public String id() {
        return id;
    }

    /** The client; null until the connection has built it (after {@link #start()}). */
    public KubernetesClient client() {
        return client;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Connects and keeps watching; returns at once. */
    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        progress.touch();
        inventory.putSource(new SourceInfo(id, SourceType.KUBERNETES, name, SourceStatus.CONNECTING, ""));
        runOnWorker(this::open);
    }

    /**
     * Connects for a one-shot command: the first complete lists are what counts; watches that fail
     * afterwards are ignored, and an error is final. Returns at once.
     */
    @Override
    public synchronized void startOnce() {
        once = true;
        start();
    }

    /** Builds the client (the exec plugin runs here), then checks that the server is a Kubernetes API. */
    private void open() {
        if (closed) {
            return;
        }
        KubernetesClient c;
        try {
            c = clientFactory.get();
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot build the client", id, e);
            fail(WharfException.userMessage(e), false);
            return;
        }
        if (closed) {
            if (ownsClient) {
                c.close();
            }
            return;
        }
        progress.touch();
        client = c;
        KubernetesInformers[] self = new KubernetesInformers[1];
        reviews = new AccessReviews(c, blocking, ns -> {
            if (self[0] != null) {
                self[0].namespaceChanged(ns);
            }
        });
        informers = new KubernetesInformers(id, c, inventory, ids, reviews, this::runOnWorker, new InformerEvents(),
                once);
        self[0] = informers;
        actions = new KubernetesActions(id, name, c, blocking, informers.caches());
        reads = new KubernetesReads(name, c, blocking, informers.caches());
        logs = new KubernetesLogs(c, blocking, informers.caches()::pod);
        check();
    }

    /**
     * Asks whether the server is a Kubernetes API; when it is, (re)starts the informers. Used to
     * connect and, after the server was lost, as the probe.
     */
    private void check() {
        if (closed || probeInFlight) {
            return;
        }
        probeInFlight = true;
        KubernetesClient c = client;
        String server = server();
        ApiCheck.run(c).orTimeout(Kubeconfigs.REQUEST_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS)
                .whenComplete((problem, t) -> runOnWorker(() -> {
                    probeInFlight = false;
                    if (closed) {
                        return;
                    }
                    progress.touch();
                    if (t != null) {
                        fail(KubernetesErrors.unreachable(name, server, t), true);
                    } else if (problem != null) {
                        fail(problem.message(name, server) + ".", true);
                    } else {
                        if (probing) {
                            probing = false;
                            if (probeTask != null) {
                                probeTask.cancel(false);
                                probeTask = null;
                            }
                            reviews.clear();
                        }
                        informers.start();
                    }
                }));
    }

    /** Tries to reconnect now (e.g. a retry button): builds the client again, or probes a lost server. */
    @Override
    public void retry() {
        if (started && !closed) {
            runOnWorker(() -> {
                if (client == null) {
                    error = null;
                    publishStatus();
                    open();
                } else if (probing) {
                    check();
                }
            });
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        usage.close();
        KubernetesInformers i = informers;
        if (i != null) {
            i.close();
        }
        AccessReviews r = reviews;
        if (r != null) {
            r.close();
        }
        // interrupts an exec plugin still running for the client (it is killed)
        worker.shutdownNow();
        // no interrupts: an interrupted call would leave its HTTP exchange half done; queued reviews end at once
        blocking.shutdown();
        synchronized (monitor) {
            monitor.notifyAll();
        }
        KubernetesClient c = client;
        if (ownsClient && c != null) {
            c.close();
        }
    }

    /**
     * After {@link #close()}: waits until calls still under way (access reviews, actions,
     * describe) have finished; for tests and orderly shutdown. Never call it on the UI thread.
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long ms = timeout.toMillis();
        return worker.awaitTermination(ms, TimeUnit.MILLISECONDS) && blocking.awaitTermination(ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Blocks until the first complete list of every visible kind is in the inventory, or the
     * source is in ERROR, or the server has said nothing for {@code silence}: a large list that
     * arrives slowly but steadily is waited for. For the CLI's one-shot commands.
     *
     * @return true if complete
     */
    public boolean awaitInitialSync(Duration silence) throws InterruptedException {
        long limit = silence.toNanos();
        synchronized (monitor) {
            // what the inventory says, not the fields: a caller reads the status there next
            while (!closed && published != SourceStatus.ERROR && !(initialSynced && settled(published))) {
                long quiet = progress.quietNanos();
                if (quiet >= limit) {
                    return false;
                }
                monitor.wait(Math.max(1, Math.min(250, TimeUnit.NANOSECONDS.toMillis(limit - quiet))));
            }
            return initialSynced && settled(published);
        }
    }

    // ------------------------------------------------------------------ status (worker thread)

    /** When every kind of the current informers has listed (or is forbidden/absent): replace the source's items. */
    private void checkSynced() {
        KubernetesInformers i = informers;
        if (synced || closed || probing || i == null || !i.allSettled()) {
            return;
        }
        i.goLive();
        synced = true;
        initialSynced = true;
        if (error != null) {
            LOG.info("{}: reconnected", id);
            error = null;
        }
        publishStatus();
    }

    /**
     * The source cannot be used: ERROR with the reason. Live, a server that was reachable before
     * keeps its items (stale) and is probed every second until it answers; then fresh informers list
     * everything again. Once, or when {@code probe} is false (the client could not even be built),
     * the error stays until {@link #retry()}.
     */
    private void fail(String message, boolean probe) {
        if (closed) {
            return;
        }
        boolean keepTrying = probe && !once;
        boolean first = error == null;
        error = keepTrying ? message + KubernetesErrors.LIVE_SUFFIX : message;
        if (first) {
            LOG.info("{}: {}", id, message);
            inventory.markStale(id, true);
        }
        synced = false;
        KubernetesInformers i = informers;
        if (i != null) {
            i.stop();
        }
        publishStatus();
        if (keepTrying && !probing) {
            probing = true;
            probeTask = worker.scheduleWithFixedDelay(this::check, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void publishStatus() {
        if (closed) {
            return;
        }
        SourceStatus status;
        String message;
        KubernetesInformers i = informers;
        List<String> hidden = i == null ? List.of() : i.forbidden();
        if (error != null) {
            status = SourceStatus.ERROR;
            message = error;
        } else if (!synced) {
            status = SourceStatus.CONNECTING;
            message = "";
        } else if (hidden.isEmpty()) {
            status = SourceStatus.CONNECTED;
            message = "";
        } else {
            status = SourceStatus.PARTIAL;
            message = "Cannot see " + String.join(", ", hidden) + ": your role may not list and watch them "
                    + "(403 Forbidden). Everything else is shown. Ask a cluster admin for list/watch on them."
                    + (i.runtimeClassesForbidden() ? " MicroVM classification is guessed from RuntimeClass names." : "")
                    + (hidden.contains("namespaces") ? " Without namespaces each namespace is taken as its own tenant." : "");
        }
        inventory.putSource(new SourceInfo(id, SourceType.KUBERNETES, name, status, message));
        synchronized (monitor) {
            published = status;
            monitor.notifyAll();
        }
    }

    private static boolean settled(SourceStatus s) {
        return s == SourceStatus.CONNECTED || s == SourceStatus.PARTIAL;
    }

    /** What the informers tell the connection. */
    private final class InformerEvents implements KubernetesInformers.Events {
        @Override
        public void settled() {
            progress.touch();
            checkSynced();
            if (synced) {
                publishStatus();
            }
        }

        @Override
        public boolean failed(String label, Throwable t, boolean listed) {
            if (once && listed) {
                // a one-shot command has what it needs from this kind: its list
                LOG.debug("{}: watching {} failed after its list: {}", id, label, t.toString());
                return false;
            }
            String message = KubernetesErrors.unreachable(name, server(), t);
            runOnWorker(() -> fail(message, true));
            return !once;
        }
    }

    private String server() {
        KubernetesClient c = client;
        return c == null ? "" : String.valueOf(c.getMasterUrl());
    }

    private void runOnWorker(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    // ------------------------------------------------------------------ acting and reading (delegated)

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        KubernetesActions a = actions;
        return a == null ? notConnected() : a.perform(item, action);
    }

    /** The VM's serial console, or exec/attach in a pod's container (built by {@code console.KubernetesConsoles}). */
    @Override
    public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        if (!id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " is not from " + name + "."));
        }
        KubernetesClient c = client;
        return c == null ? notConnected() : KubernetesConsoles.open(c, item, request);
    }

    @Override
    public CompletableFuture<String> describe(Item item) {
        KubernetesReads r = reads;
        return r == null ? notConnected() : r.describe(item);
    }

    @Override
    public CompletableFuture<List<ItemEvent>> events(Item item) {
        KubernetesReads r = reads;
        return r == null ? notConnected() : r.events(item);
    }

    /** A pod's container logs, a VM's guest console and launcher logs (built by {@code logs.KubernetesLogs}). */
    @Override
    public CompletableFuture<LogFeed> openLog(Item item, LogRequest request) {
        if (!id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " is not from " + name + "."));
        }
        KubernetesLogs l = logs;
        return l == null ? notConnected() : l.open(item, request);
    }

    /**
     * Reads logs ({@link LogSource}); drains nodes ({@link dev.wharf.inventory.Drainer}), migrates VMs to a
     * chosen node ({@link dev.wharf.inventory.TargetedMigration}): those two empty until the client is built.
     */
    @Override
    public <T> java.util.Optional<T> capability(Class<T> type) {
        if (type == LogSource.class) {
            return java.util.Optional.of(type.cast(this));
        }
        if (type == dev.wharf.inventory.UsageSource.class) {
            return java.util.Optional.of(type.cast(usage));
        }
        if (type == dev.wharf.inventory.DefinitionEditor.class && client != null) {
            return java.util.Optional.of(type.cast(new KubernetesDefinitions(id, name, client, blocking)));
        }
        KubernetesInformers i = informers; // set after the client: both there
        if (type == dev.wharf.inventory.PortForwarder.class && i != null) {
            return java.util.Optional.of(type.cast(new dev.wharf.kubernetes.portforward.KubernetesPortForwarder(client, i.caches()::pod, i.caches()::vmi, inventory)));
        }
        KubernetesActions a = actions;
        if (type == dev.wharf.inventory.Snapshots.class && a != null) { return java.util.Optional.of(type.cast(a.snapshots())); }
        return type.isInstance(a) ? java.util.Optional.of(type.cast(a)) : java.util.Optional.empty();
    }

    private <T> CompletableFuture<T> notConnected() {
        String why = error;
        return CompletableFuture.failedFuture(new WharfException("Context " + name + " is not connected"
                + (why == null ? " yet." : ": " + why)));
    }

    private static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
