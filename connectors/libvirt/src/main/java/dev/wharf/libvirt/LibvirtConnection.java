package dev.wharf.libvirt;

import com.sun.jna.ptr.IntByReference;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.ConnectionCloseReason;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.libvirt.event.RebootListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A libvirt host as a live {@link Source}: its host item and its domains in the {@link Inventory}.
 *
 * <p>Threads: every blocking libvirt call of this connection runs on its own worker thread (one per
 * source), so a frozen daemon blocks neither another source, nor libvirt's shared event loop, nor
 * the caller. Lifecycle events and the close callback arrive on the event loop thread
 * ({@link LibvirtEventLoop}); they record, mark and hand work to the worker, nothing more.
 *
 * <p>Life: {@link #start()} connects (credentials through the {@link CredentialPrompt}), lists the
 * host and all domains ({@link Inventory#replaceAll}), then follows lifecycle events; a refresh
 * every {@link #REFRESH} is only a fallback. When the connection drops, the source turns ERROR at
 * once, its items UNKNOWN and stale (kept), open consoles end with CONNECTION_LOST, and Wharf
 * reconnects with backoff (1, 2, 4 … 30 s) and re-lists.
 */
public final class LibvirtConnection implements Source, DomainCalls {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);
    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final int MAX_BACKOFF_SECONDS = 30;
    private static final int EVENTS_KEPT = 32;
    private static final int KEEPALIVE_INTERVAL = 5;
    private static final int KEEPALIVE_COUNT = 3;

    private final String uri;
    private final String id;
    private final String driver;
    private final boolean microVm;
    private final boolean consolesSupported;
    private final Inventory inventory;
    private final CredentialPrompt prompt;
    private final ScheduledExecutorService worker;
    private final CountDownLatch firstOutcome = new CountDownLatch(1);
    private final AtomicInteger generation = new AtomicInteger();
    private final Map<String, Deque<ItemEvent>> events = new ConcurrentHashMap<>();
    private final LibvirtConsoles consoles;
    private final LibvirtUsage usage;

    private volatile boolean listedOnce;
    private volatile boolean closed;
    private volatile boolean started;
    /** Started for a one-shot command: errors are final, so messages promise no retries. */
    private volatile boolean once;
    private volatile SourceInfo info;
    private volatile String hostId;
    /** Why the last live connection was lost; null while connected or before the first. */
    private volatile String lossReason;

    // Confined to the worker thread.
    private Connect conn;
    private int connGeneration;
    private int attempts;
    private long nextDelay;
    private ScheduledFuture<?> refreshTask;
    private ScheduledFuture<?> reconnectTask;
    // Strong references: the binding hands libvirt only function pointers (pitfall 4).
    private LifecycleListener lifecycleListener;
    private RebootListener rebootListener;
    private ConnectionCloseListener closeListener;

    /**
     * Validates the URI at once (throws {@link WharfException} for a malformed one); does not
     * connect until {@link #start()}. Source id {@code "libvirt:" + uri}.
     */
    public LibvirtConnection(String uri, Inventory inventory, CredentialPrompt prompt) {
        this.uri = LibvirtUris.validate(uri);
        this.id = "libvirt:" + this.uri;
        this.driver = LibvirtUris.driver(this.uri);
        this.microVm = driver.equals("ch");
        this.consolesSupported = !driver.equals("test");
        this.inventory = inventory;
        this.prompt = prompt == null ? CredentialPrompt.NONE : prompt;
        this.info = new SourceInfo(id, SourceType.LIBVIRT, this.uri, SourceStatus.CONNECTING, "connecting to " + this.uri);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-libvirt " + this.uri);
            t.setDaemon(true);
            return t;
        });
        this.consoles = new LibvirtConsoles(this, consolesSupported, driver,
                () -> hostId == null ? this.uri : inventory.get(hostId).map(Item::name).orElse(this.uri), this.prompt);
        this.usage = new LibvirtUsage(this, id, name -> DomainMapper.domainId(id, microVm, name), () -> hostId);
    }

    /** Empty when libvirt can be used; else one message saying what to install. */
    public static Optional<String> unavailableReason() {
        return LibvirtAvailability.unavailableReason();
    }

    @Override
    public String id() {
        return id;
    }

    /** The URI, validated and normalized. */
    public String uri() {
        return uri;
    }

    /** Like {@link #start()}, for a one-shot command: its messages promise no retries. */
    @Override
    public void startOnce() {
        once = true;
        start();
    }

    @Override
    public void start() {
        if (started) {
            return;
        }
        started = true;
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            publish(SourceStatus.ERROR, missing.get());
            firstOutcome.countDown();
            return;
        }
        publish(SourceStatus.CONNECTING, "connecting to " + uri);
        submit(this::connect);
    }

    /**
     * Blocks up to {@code timeout} until the first list is in the inventory or the source is in
     * ERROR; true if listed. For the CLI's one-shot {@code wharf ls}.
     */
    public boolean awaitInitialSync(Duration timeout) throws InterruptedException {
        firstOutcome.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return listedOnce;
    }

    // ------------------------------------------------------------------ connection life (worker)

    private void connect() {
        if (closed || conn != null) {
            return;
        }
        reconnectTask = null;
        Connect c = null;
        try {
            LibvirtEventLoop.ensureRunning();
            LibxmlCapture.begin();
            try {
                c = new Connect(uri, new CredentialAuth(uri, prompt), 0);
            } catch (LibvirtException e) {
                String why = LibvirtPeer.notLibvirt(uri, LibvirtMessages.of(e))
                        .orElse(LibvirtMessages.with(LibvirtMessages.of(e), LibxmlCapture.end()));
                throw new WharfException(why, e);
            } finally {
                LibxmlCapture.end();
            }
            int gen = generation.incrementAndGet();
            try {
                c.setKeepAlive(KEEPALIVE_INTERVAL, KEEPALIVE_COUNT);
            } catch (LibvirtException e) {
                LOG.debug("{}: no keepalive ({})", uri, e.getMessage()); // the test driver has none
            }
            ConnectionCloseListener cl = (cc, reason) -> onClosed(gen, reason);
            try {
                c.registerCloseListener(cl);
            } catch (LibvirtException e) {
                LOG.debug("{}: no close callback ({})", uri, e.getMessage());
            }
            LifecycleListener ll = (dom, event) -> {
                onLifecycle(gen, dom, event);
                return 0;
            };
            c.addLifecycleListener(ll);
            RebootListener rl = dom -> onReboot(gen, dom);
            try {
                c.addRebootListener(rl);
            } catch (LibvirtException e) {
                LOG.debug("{}: no reboot events ({})", uri, e.getMessage());
            }
            conn = c;
            connGeneration = gen;
            closeListener = cl;
            lifecycleListener = ll;
            rebootListener = rl;
            listAll();
            attempts = 0;
            lossReason = null;
            publish(SourceStatus.CONNECTED, "");
            listedOnce = true;
            firstOutcome.countDown();
            refreshTask = worker.scheduleWithFixedDelay(this::periodicRefresh, REFRESH.toMillis(), REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (LibvirtException | RuntimeException e) {
            if (c != null) {
                generation.incrementAndGet();
                conn = null;
                closeQuietly(c, false);
            }
            String why = e instanceof LibvirtException le ? LibvirtMessages.of(le) : WharfException.userMessage(e);
            scheduleReconnect();
            String next = once ? "" : " Wharf retries on its own (next try in " + nextDelay + " s).";
            markLost(lossReason == null
                    ? "Cannot connect to " + uri + ": " + why + "." + next
                    : "Lost the connection to " + uri + ": " + lossReason + "; reconnecting failed: " + why + "." + next);
            firstOutcome.countDown();
        }
    }

    /** Reads the host and every domain and replaces what the inventory holds for this source. */
    private void listAll() throws LibvirtException {
        Connect c = conn;
        NodeInfo node = c.nodeInfo();
        String hostname = c.getHostName();
        long hv = 0;
        try {
            hv = c.getVersion();
        } catch (LibvirtException e) {
            LOG.debug("{}: no hypervisor version ({})", uri, e.getMessage());
        }
        Item host = DomainMapper.host(id, new DomainMapper.HostFacts(hostname, c.getType(), hv, c.getLibVersion(),
                node.cpus, node.memory, node.model));
        hostId = host.id();
        DomainMapper.Context ctx = context();
        List<Item> items = new ArrayList<>();
        items.add(host);
        for (Domain d : c.listAllDomains(0)) {
            try {
                items.add(DomainMapper.domain(ctx, facts(d)));
            } catch (LibvirtException e) {
                if (!LibvirtMessages.isNoDomain(e)) {
                    throw e;
                } // vanished between list and read
            } finally {
                freeQuietly(d);
            }
        }
        inventory.replaceAll(id, items);
        info = new SourceInfo(id, SourceType.LIBVIRT, hostname + " (" + uri + ")", info.status(), info.message());
    }

    private DomainMapper.Context context() {
        return new DomainMapper.Context(id, hostId, microVm, consolesSupported);
    }

    /** The facts of one domain: three calls (XML, state with reason, persistence). */
    private static DomainFacts facts(Domain d) throws LibvirtException {
        String xml = d.getXMLDesc(0);
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        if (NativeShim.lib().virDomainGetState(NativeShim.domainPointer(d), state, reason, 0) < 0) {
            // Fall back to the binding, which turns the error into a LibvirtException.
            state.setValue(d.getInfo().state.ordinal());
            reason.setValue(0);
        }
        return DomainFacts.parse(xml, state.getValue(), reason.getValue(), d.isPersistent() == 1);
    }

    private void refreshDomain(int gen, String uuid, String itemId) {
        if (gen != connGeneration || conn == null) {
            return;
        }
        Domain d = null;
        try {
            d = conn.domainLookupByUUIDString(uuid);
            inventory.put(DomainMapper.domain(context(), facts(d)));
        } catch (LibvirtException e) {
            if (LibvirtMessages.isNoDomain(e)) {
                inventory.remove(itemId);
                events.remove(itemId);
            } else {
                LOG.debug("{}: cannot refresh {} ({})", uri, itemId, e.getMessage());
            }
        } finally {
            freeQuietly(d);
        }
    }

    private void periodicRefresh() {
        if (conn == null || closed) {
            return;
        }
        try {
            listAll();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("{}: refresh failed ({})", uri, e.getMessage());
        }
    }

    /** After the close callback: drop the dead connection (never unregistering on it) and retry. */
    private void dropConnection(int gen) {
        if (conn == null || gen != connGeneration) {
            return;
        }
        Connect c = conn;
        conn = null;
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        closeQuietly(c, false);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed || reconnectTask != null) {
            return;
        }
        long delay = backoffSeconds(attempts);
        attempts++;
        nextDelay = delay;
        try {
            reconnectTask = worker.schedule(this::connect, delay, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /**
     * Re-lists the host and all domains now (on the worker); completes when the inventory holds the
     * result. The periodic fallback does the same every {@link #REFRESH}.
     */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = submit(() -> {
            if (conn == null) {
                done.completeExceptionally(new WharfException("Cannot refresh " + uri + ": not connected ("
                        + info.message() + ")"));
                return;
            }
            try {
                listAll();
                done.complete(null);
            } catch (LibvirtException e) {
                done.completeExceptionally(new WharfException("Refreshing " + uri + " failed: " + LibvirtMessages.of(e), e));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (!queued) {
            done.completeExceptionally(new WharfException("Cannot refresh " + uri + ": the source is closed"));
        }
        return done;
    }

    /** 1, 2, 4, 8, 16, 30, 30 … seconds. */
    static long backoffSeconds(int attempt) {
        return Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(attempt, 5));
    }

    @Override
    public void retry() {
        submit(() -> {
            if (conn == null && !closed) {
                if (reconnectTask != null) {
                    reconnectTask.cancel(false);
                    reconnectTask = null;
                }
                attempts = 0;
                connect();
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consoles.endAll(ConsoleEnd.closed());
        submit(() -> {
            Connect c = conn;
            conn = null;
            generation.incrementAndGet();
            if (c != null) {
                closeQuietly(c, true);
            }
        });
        worker.shutdown();
    }

    /** Waits until the worker has finished (tests). */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeQuietly(Connect c, boolean alive) {
        if (alive) {
            // Only on a live connection: removing listeners on a dead one throws (pitfall 6).
            try {
                if (c.isAlive()) {
                    c.removeLifecycleListener(lifecycleListener);
                    c.unregisterCloseListener();
                }
            } catch (LibvirtException | RuntimeException e) {
                LOG.debug("{}: unregistering: {}", uri, e.getMessage());
            }
        }
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("{}: close: {}", uri, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ callbacks (event loop thread)

    private void onClosed(int gen, ConnectionCloseReason reason) {
        if (closed || gen != generation.get()) {
            return;
        }
        lossReason = LibvirtMessages.closeReason(reason);
        markLost("Lost the connection to " + uri + ": " + lossReason
                + (once ? "." : ". Wharf reconnects on its own; the items shown are the last known state."));
        submit(() -> dropConnection(gen));
    }

    /** ERROR at once; items UNKNOWN, stale and without actions; consoles end. Never blocks. */
    private void markLost(String message) {
        publish(SourceStatus.ERROR, message);
        inventory.updateAll(id, i -> i.toBuilder().state(State.UNKNOWN).stale(true)
                .actions(Set.of()).consoles(Set.of()).build());
        consoles.endAll(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, message));
    }

    private void onLifecycle(int gen, Domain dom, DomainEvent event) {
        if (closed || gen != generation.get()) {
            return;
        }
        String name;
        String uuid;
        try {
            name = dom.getName(); // local accessors: no call to the daemon
            uuid = dom.getUUIDString();
        } catch (LibvirtException e) {
            return;
        }
        String itemId = DomainMapper.domainId(id, microVm, name);
        DomainEventType type = event.getType();
        String detail = String.valueOf((Object) event.getDetail()).toLowerCase(Locale.ROOT).replace('_', ' ');
        String label = type.name().charAt(0) + type.name().substring(1).toLowerCase(Locale.ROOT);
        record(itemId, new ItemEvent(Instant.now(), label, detail, name + ": " + label.toLowerCase(Locale.ROOT)
                + " (" + detail + ")"));
        if (type == DomainEventType.STOPPED || type == DomainEventType.CRASHED) {
            boolean wentAway = type == DomainEventType.CRASHED || detail.equals("failed") || detail.equals("crashed");
            endConsoles(uuid, wentAway
                    ? ConsoleEnd.of(ConsoleEnd.Reason.ERROR, name + " went away: its QEMU process ended unexpectedly ("
                            + detail + ")")
                    : ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, name + " stopped (" + detail + ")"));
        }
        submit(() -> refreshDomain(gen, uuid, itemId));
    }

    private void onReboot(int gen, Domain dom) {
        if (closed || gen != generation.get()) {
            return;
        }
        try {
            String name = dom.getName();
            record(DomainMapper.domainId(id, microVm, name),
                    new ItemEvent(Instant.now(), "Rebooted", "reboot", name + ": rebooted"));
        } catch (LibvirtException e) {
            // ignore: only the event log misses it
        }
    }

    private void record(String itemId, ItemEvent e) {
        Deque<ItemEvent> ring = events.computeIfAbsent(itemId, k -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addLast(e);
            while (ring.size() > EVENTS_KEPT) {
                ring.removeFirst();
            }
        }
    }

    private void endConsoles(String uuid, ConsoleEnd end) {
        consoles.endDomain(uuid, end);
    }

    // ------------------------------------------------------------------ Source operations

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        return onDomain(item, action.label(), d -> {
            switch (action) {
                case START -> d.create();
                case SHUTDOWN -> d.shutdown();
                case REBOOT -> d.reboot(0);
                case FORCE_OFF -> d.destroy();
                case PAUSE -> d.suspend();
                case RESUME -> d.resume();
                case DELETE -> {
                    if (d.isActive() == 1) {
                        throw new WharfException("Cannot delete " + item.name() + ": it is running. Shut it down or "
                                + "force it off first.");
                    }
                    d.undefine(); // the definition only: disks are kept
                }
                default -> throw new WharfException(action.label() + " is not a libvirt action; use "
                        + "shut down, reboot or force off.");
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<String> describe(Item item) {
        return onDomain(item, "Read the definition of", d -> d.getXMLDesc(0));
    }

    @Override
    public CompletableFuture<List<ItemEvent>> events(Item item) {
        Deque<ItemEvent> ring = events.get(item.id());
        if (ring == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        synchronized (ring) {
            return CompletableFuture.completedFuture(List.copyOf(ring));
        }
    }

    @Override
    public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        return consoles.open(item, request);
    }

    /**
     * The capabilities of a libvirt host: each is a class of its own over {@link DomainCalls}, one
     * line here.
     */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == dev.wharf.inventory.UsageSource.class) {
            return Optional.of(type.cast(usage));
        }
        if (type == dev.wharf.inventory.DefinitionEditor.class) {
            return Optional.of(type.cast(new LibvirtDefinitions(id(), this)));
        }
        if (type == dev.wharf.inventory.LogSource.class) {
            return Optional.of(type.cast(new LibvirtLogs(this)));
        }
        if (type == dev.wharf.inventory.ExternalViewer.class) { return Optional.of(type.cast(new SpiceViewer(uri, System.getenv("PATH")))); }
        if (type == dev.wharf.inventory.Snapshots.class) { return Optional.of(type.cast(new LibvirtSnapshots(this, id))); }
        return Optional.empty();
    }

    /** A blocking call on one domain, run on the worker; libvirt's message reaches the user. */
    @Override
    public <T> CompletableFuture<T> onDomain(Item item, String what, DomainCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = submit(() -> {
            Connect c = conn;
            if (c == null) {
                result.completeExceptionally(new WharfException(what + " " + item.name() + ": not connected to " + uri
                        + (info.message().isEmpty() ? "" : " (" + info.message() + ")")));
                return;
            }
            Domain d = null;
            try {
                d = item.uuid() != null ? c.domainLookupByUUIDString(item.uuid()) : c.domainLookupByName(item.name());
                result.complete(call.apply(d));
            } catch (LibvirtException e) {
                result.completeExceptionally(new WharfException(what + " " + item.name() + " failed: "
                        + LibvirtMessages.of(e), e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e instanceof WharfException ? e
                        : new WharfException(what + " " + item.name() + " failed: " + e.getMessage(), e));
            } finally {
                freeQuietly(d);
            }
        });
        if (!queued) {
            result.completeExceptionally(new WharfException(what + " " + item.name() + ": the source " + uri
                    + " is closed"));
        }
        return result;
    }

    @Override
    public <T> CompletableFuture<T> onConnection(String what, ConnectionCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = submit(() -> {
            Connect c = conn;
            if (c == null) {
                result.completeExceptionally(new WharfException(what + ": not connected to " + uri
                        + (info.message().isEmpty() ? "" : " (" + info.message() + ")")));
                return;
            }
            try {
                result.complete(call.apply(c));
            } catch (LibvirtException e) {
                result.completeExceptionally(new WharfException(what + " failed: " + LibvirtMessages.of(e), e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e instanceof WharfException ? e
                        : new WharfException(what + " failed: " + e.getMessage(), e));
            }
        });
        if (!queued) {
            result.completeExceptionally(new WharfException(what + ": the source " + uri + " is closed"));
        }
        return result;
    }

    // ------------------------------------------------------------------ helpers

    private boolean submit(Runnable r) {
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    if (closed) { // closing with the command (its inventory may be closed first): nothing to report
                        LOG.debug("{}: after close: {}", uri, e.toString());
                    } else {
                        LOG.warn("{}: {}", uri, e.toString());
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void publish(SourceStatus status, String message) {
        SourceInfo now = info.with(status, message);
        info = now;
        inventory.putSource(now);
    }

    private static void freeQuietly(Domain d) {
        if (d != null) {
            try {
                d.free();
            } catch (LibvirtException | RuntimeException e) {
                // already gone
            }
        }
    }
}
