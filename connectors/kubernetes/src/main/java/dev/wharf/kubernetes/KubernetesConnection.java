package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.logs.KubernetesLogs;
import dev.wharf.kubernetes.console.KubernetesConsoles;
import dev.wharf.kubernetes.mapping.Ids;
import dev.wharf.kubernetes.mapping.NodeMapper;
import dev.wharf.kubernetes.mapping.PodMapper;
import dev.wharf.kubernetes.mapping.VmMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kubernetes context as a live source: informers for nodes, pods, RuntimeClasses and
 * KubeVirt VMs, VMIs and migrations, mapped into the {@link Inventory}.
 *
 * <p>Informer handlers only note which keys changed; one worker thread per connection maps
 * them from the informer caches (never from the event objects, never mutating them) and writes
 * the inventory in batches. Mapping reads the latest cache state, so the order in which a pod
 * and its RuntimeClass, or a VM and its VMI, arrive does not matter.
 */
public final class KubernetesConnection implements Source, LogSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConnection.class);
    static final String BY_RUNTIME_CLASS = "runtimeClass";
    static final String BY_VMI = "vmi";
    private static final long PROBE_MS = 1000;

    private enum KindState { PENDING, SYNCED, FORBIDDEN, ABSENT }

    /** One watched kind: its informer and what we know of it. */
    private static final class Watched<T extends HasMetadata> {
        final String label;
        final SharedIndexInformer<T> informer;
        final int generation;
        volatile KindState state = KindState.PENDING;

        Watched(String label, SharedIndexInformer<T> informer, int generation) {
            this.label = label;
            this.informer = informer;
            this.generation = generation;
        }

        T get(String key) {
            return informer.getStore().getByKey(key);
        }
    }

    private final String name;
    private final String id;
    private final KubernetesClient client;
    private final Inventory inventory;
    private final boolean ownsClient;
    private final Ids ids;
    private final ScheduledExecutorService worker;
    private final ExecutorService blocking;
    private final AccessReviews reviews;
    private final KubernetesActions actions;
    private final KubernetesReads reads;
    private final KubernetesLogs logs;

    // the current informers; replaced (on the worker) after the server was lost and is back
    private volatile List<Watched<?>> watched = List.of();
    private volatile int generation;
    private volatile Watched<Node> nodes;
    private volatile Watched<Pod> pods;
    private volatile Watched<RuntimeClass> runtimeClasses;
    private volatile Watched<GenericKubernetesResource> vms;
    private volatile Watched<GenericKubernetesResource> vmis;
    private volatile Watched<GenericKubernetesResource> migrations;

    private final Set<String> dirtyNodes = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyPods = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyVms = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyRuntimeClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyNamespaces = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private final Object monitor = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    /** After the first complete list: events are applied one by one. */
    private volatile boolean live;
    /** The current informers have all listed and the inventory holds their mapping. */
    private volatile boolean synced;
    /** The first complete list has happened (for {@link #awaitInitialSync}). */
    private volatile boolean initialSynced;
    /** Why the API server cannot be reached; null while reachable. Written on the worker. */
    private volatile String error;
    /** Lost: informers stopped, probing the server until it answers. Worker only. */
    private boolean probing;
    private boolean probeInFlight;
    private ScheduledFuture<?> probeTask;

    /** For tests and the lab: over an existing client (not closed by {@link #close()}); source id "k8s:" + name. */
    public KubernetesConnection(String name, KubernetesClient client, Inventory inventory) {
        this(name, client, inventory, false);
    }

    KubernetesConnection(String name, KubernetesClient client, Inventory inventory, boolean ownsClient) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = "k8s:" + name;
        this.client = Objects.requireNonNull(client, "client");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.ownsClient = ownsClient;
        this.ids = new Ids(id);
        this.worker = Executors.newSingleThreadScheduledExecutor(daemon("wharf-k8s-" + name));
        this.blocking = Executors.newCachedThreadPool(daemon("wharf-k8s-" + name + "-calls"));
        this.reviews = new AccessReviews(client, blocking, ns -> {
            dirtyNamespaces.add(ns);
            scheduleFlush();
        });
        CachedObjects caches = new Caches();
        this.actions = new KubernetesActions(id, name, client, blocking, caches);
        this.reads = new KubernetesReads(name, client, blocking, caches);
        this.logs = new KubernetesLogs(client, blocking, caches::pod);
    }

    @Override
    public String id() {
        return id;
    }

    public KubernetesClient client() {
        return client;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        inventory.putSource(new SourceInfo(id, SourceType.KUBERNETES, name, SourceStatus.CONNECTING, ""));
        worker.execute(this::startInformers);
    }

    /** Builds and starts a fresh set of informers (a full list of every kind); on the worker. */
    private void startInformers() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        List<Watched<?>> all = new ArrayList<>();
        nodes = watch(all, gen, "nodes", client.nodes().runnableInformer(0),
                n -> dirty(dirtyNodes, n.getMetadata().getName()));
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().runnableInformer(0);
        podInformer.addIndexers(Map.of(BY_RUNTIME_CLASS, p -> p.getSpec() == null || p.getSpec().getRuntimeClassName() == null
                ? List.of() : List.of(p.getSpec().getRuntimeClassName())));
        pods = watch(all, gen, "pods", podInformer, p -> dirty(dirtyPods, Cache.metaNamespaceKeyFunc(p)));
        runtimeClasses = watch(all, gen, "runtimeclasses", client.resources(RuntimeClass.class).runnableInformer(0),
                rc -> dirty(dirtyRuntimeClasses, rc.getMetadata().getName()));
        vms = watch(all, gen, "virtualmachines",
                client.genericKubernetesResources(KubeVirt.VMS).inAnyNamespace().runnableInformer(0),
                vm -> dirty(dirtyVms, Cache.metaNamespaceKeyFunc(vm)));
        vmis = watch(all, gen, "virtualmachineinstances",
                client.genericKubernetesResources(KubeVirt.VMIS).inAnyNamespace().runnableInformer(0),
                vmi -> dirty(dirtyVms, Cache.metaNamespaceKeyFunc(vmi)));
        SharedIndexInformer<GenericKubernetesResource> migInformer =
                client.genericKubernetesResources(KubeVirt.MIGRATIONS).inAnyNamespace().runnableInformer(0);
        migInformer.addIndexers(Map.of(BY_VMI, m -> {
            String vmi = VmMigrations.vmiName(m);
            return vmi == null ? List.of() : List.of(m.getMetadata().getNamespace() + "/" + vmi);
        }));
        migrations = watch(all, gen, "virtualmachineinstancemigrations", migInformer, m -> {
            String vmi = VmMigrations.vmiName(m);
            if (vmi != null) {
                dirty(dirtyVms, m.getMetadata().getNamespace() + "/" + vmi);
            }
        });
        watched = List.copyOf(all);
        for (Watched<?> w : all) {
            w.informer.start().whenComplete((v, t) -> runOnWorker(() -> {
                if (t == null && w.state == KindState.PENDING) {
                    w.state = KindState.SYNCED;
                }
                checkSynced();
            }));
        }
    }

    private <T extends HasMetadata> Watched<T> watch(List<Watched<?>> all, int gen, String label,
                                                     SharedIndexInformer<T> informer,
                                                     java.util.function.Consumer<T> changed) {
        Watched<T> w = new Watched<>(label, informer, gen);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.accept(obj);
            }
        });
        informer.exceptionHandler((isStarted, t) -> {
            if (closed || w.generation != generation) {
                return false;
            }
            int code = KubernetesErrors.code(t);
            if (code == 403 || code == 404) {
                // 403: RBAC forbids this kind; 404: the API is not installed (a cluster without KubeVirt)
                w.state = code == 403 ? KindState.FORBIDDEN : KindState.ABSENT;
                LOG.info("{}: cannot watch {} ({}), going on without them", id, label, code);
                runOnWorker(() -> {
                    checkSynced();
                    if (synced) {
                        publishStatus();
                    }
                });
                return false;
            }
            String message = KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), t);
            LOG.debug("{}: {} failed: {}", id, label, t.toString());
            runOnWorker(() -> connectionLost(message));
            return true;
        });
        all.add(w);
        return w;
    }

    private void runOnWorker(Runnable r) {
        try {
            worker.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** Tries to reconnect now (e.g. a retry button): probes the API server at once when it was lost. */
    @Override
    public void retry() {
        if (started && !closed) {
            runOnWorker(() -> {
                if (probing) {
                    probe();
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
        stopInformers();
        reviews.close();
        worker.shutdownNow();
        // no interrupts: an interrupted call would leave its HTTP exchange half done; queued reviews end at once
        blocking.shutdown();
        synchronized (monitor) {
            monitor.notifyAll();
        }
        if (ownsClient) {
            client.close();
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

    private void stopInformers() {
        for (Watched<?> w : watched) {
            try {
                w.informer.stop();
            } catch (RuntimeException e) {
                LOG.debug("stopping {} informer: {}", w.label, e.toString());
            }
        }
    }

    /**
     * Blocks up to timeout until the first complete list of every visible kind is in the
     * inventory (or the source is in ERROR); for the CLI's one-shot {@code wharf ls}.
     *
     * @return true if complete
     */
    public boolean awaitInitialSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!initialSynced && error == null && !closed) {
                long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (ms <= 0) {
                    return false;
                }
                monitor.wait(ms);
            }
            return initialSynced;
        }
    }

    // ------------------------------------------------------------------ sync and status (worker thread)

    /** When every kind of the current informers has listed (or is forbidden/absent): replace the source's items. */
    private void checkSynced() {
        if (synced || closed || probing) {
            return;
        }
        for (Watched<?> w : watched) {
            if (w.state == KindState.PENDING) {
                return;
            }
        }
        live = true;
        resync();
        synced = true;
        initialSynced = true;
        if (error != null) {
            LOG.info("{}: reconnected", id);
            error = null;
        }
        publishStatus();
    }

    /** Replaces everything of this source by the mapping of the informer caches: no ghost, nothing missing. */
    private void resync() {
        dirtyNodes.clear();
        dirtyPods.clear();
        dirtyVms.clear();
        dirtyRuntimeClasses.clear();
        dirtyNamespaces.clear();
        List<Node> nodeList = nodes.informer.getStore().list();
        List<Pod> podList = pods.informer.getStore().list();
        List<Item> items = new ArrayList<>(nodeList.size() + podList.size() + 16);
        for (Node n : nodeList) {
            items.add(NodeMapper.map(ids, n));
        }
        for (Pod p : podList) {
            items.add(mapPod(p));
        }
        Set<String> vmKeys = new LinkedHashSet<>(vms.informer.getStore().listKeys());
        vmKeys.addAll(vmis.informer.getStore().listKeys());
        for (String k : vmKeys) {
            Item vm = mapVm(k);
            if (vm != null) {
                items.add(vm);
            }
        }
        inventory.replaceAll(id, items);
    }

    /**
     * The API server cannot be reached: ERROR, items kept but stale, informers stopped. A probe
     * then asks the server every second; once it answers, fresh informers list everything again
     * (a watch resumed from an old resourceVersion could miss deletions) and {@link #resync()} converges.
     */
    private void connectionLost(String message) {
        if (closed) {
            return;
        }
        boolean first = error == null;
        error = message;
        if (first) {
            LOG.info("{}: {}", id, message);
            inventory.markStale(id, true);
        }
        publishStatus();
        if (!probing) {
            probing = true;
            synced = false;
            live = false;
            stopInformers();
            probeTask = worker.scheduleWithFixedDelay(this::probe, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** One cheap request: any answer but 401 or 5xx means the server is back. */
    private void probe() {
        if (!probing || closed || probeInFlight) {
            return;
        }
        probeInFlight = true;
        String base = String.valueOf(client.getMasterUrl());
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(base + (base.endsWith("/") ? "" : "/") + "version").build();
        http.sendAsync(request, String.class).orTimeout(Kubeconfigs.CONNECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((resp, t) -> runOnWorker(() -> {
                    probeInFlight = false;
                    if (!probing || closed) {
                        return;
                    }
                    if (t != null) {
                        error = KubernetesErrors.unreachable(name, base, t);
                        publishStatus();
                    } else if (resp.code() == 401 || resp.code() >= 500) {
                        error = KubernetesErrors.unreachable(name, base,
                                new io.fabric8.kubernetes.client.KubernetesClientException("HTTP " + resp.code(), resp.code(), null));
                        publishStatus();
                    } else {
                        probing = false;
                        if (probeTask != null) {
                            probeTask.cancel(false);
                            probeTask = null;
                        }
                        reviews.clear();
                        startInformers();
                    }
                }));
    }

    private void publishStatus() {
        if (closed) {
            return;
        }
        SourceStatus status;
        String message;
        if (error != null) {
            status = SourceStatus.ERROR;
            message = error;
        } else if (!synced) {
            status = SourceStatus.CONNECTING;
            message = "";
        } else {
            List<String> hidden = new ArrayList<>();
            for (Watched<?> w : watched) {
                if (w.state == KindState.FORBIDDEN) {
                    hidden.add(w.label);
                }
            }
            if (hidden.isEmpty()) {
                status = SourceStatus.CONNECTED;
                message = "";
            } else {
                status = SourceStatus.PARTIAL;
                message = "Cannot see " + String.join(", ", hidden) + ": your role may not list and watch them "
                        + "(403 Forbidden). Everything else is shown. Ask a cluster admin for list/watch on them."
                        + (runtimeClasses.state == KindState.FORBIDDEN
                        ? " MicroVM classification is guessed from RuntimeClass names." : "");
            }
        }
        inventory.putSource(new SourceInfo(id, SourceType.KUBERNETES, name, status, message));
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    // ------------------------------------------------------------------ incremental mapping (worker thread)

    private void dirty(Set<String> set, String key) {
        if (!live || closed || key == null) {
            return;
        }
        set.add(key);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (live && !closed && flushScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void flush() {
        flushScheduled.set(false);
        if (closed) {
            return;
        }
        for (String rc : drain(dirtyRuntimeClasses)) {
            for (Pod p : pods.informer.getIndexer().byIndex(BY_RUNTIME_CLASS, rc)) {
                dirtyPods.add(Cache.metaNamespaceKeyFunc(p));
            }
        }
        for (String ns : drain(dirtyNamespaces)) {
            for (Pod p : pods.informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
                dirtyPods.add(Cache.metaNamespaceKeyFunc(p));
            }
            for (Watched<GenericKubernetesResource> w : List.of(vms, vmis)) {
                for (GenericKubernetesResource r : w.informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
                    dirtyVms.add(Cache.metaNamespaceKeyFunc(r));
                }
            }
        }
        List<Item> puts = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (String n : drain(dirtyNodes)) {
            Node node = nodes.get(n);
            if (node == null) {
                removes.add(ids.node(n));
            } else {
                puts.add(NodeMapper.map(ids, node));
            }
        }
        for (String k : drain(dirtyPods)) {
            Pod pod = pods.get(k);
            String[] nsName = k.split("/", 2);
            if (pod == null) {
                removes.add(ids.of(Kind.POD, nsName[0], nsName[1]));
                removes.add(ids.of(Kind.MICROVM, nsName[0], nsName[1]));
            } else {
                Item i = mapPod(pod);
                puts.add(i);
                // a RuntimeClass that arrived or changed may turn a pod into a microVM: drop the other id
                removes.add(ids.of(i.kind() == Kind.POD ? Kind.MICROVM : Kind.POD, nsName[0], nsName[1]));
            }
        }
        for (String k : drain(dirtyVms)) {
            Item vm = mapVm(k);
            if (vm == null) {
                String[] nsName = k.split("/", 2);
                removes.add(ids.of(Kind.VM, nsName[0], nsName[1]));
            } else {
                puts.add(vm);
            }
        }
        if (!puts.isEmpty()) {
            inventory.putAll(puts);
        }
        for (String r : removes) {
            inventory.remove(r);
        }
    }

    private static List<String> drain(Set<String> set) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = set.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    private Item mapPod(Pod pod) {
        String rcName = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();
        RuntimeClass rc = rcName == null ? null : runtimeClasses.get(rcName);
        return PodMapper.map(ids, pod, rc, runtimeClasses.state != KindState.FORBIDDEN, reviews);
    }

    private Item mapVm(String key) {
        GenericKubernetesResource vm = vms.get(key);
        GenericKubernetesResource vmi = vmis.get(key);
        if (vm == null && vmi == null) {
            return null;
        }
        GenericKubernetesResource migration = null;
        for (GenericKubernetesResource m : migrations.informer.getIndexer().byIndex(BY_VMI, key)) {
            if (!VmMapper.finished(m) && (migration == null || VmMigrations.newer(m, migration))) {
                migration = m;
            }
        }
        return VmMapper.map(ids, vm, vmi, migration, reviews);
    }

    // ------------------------------------------------------------------ acting and reading (delegated)

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        return actions.perform(item, action);
    }

    /** The VM's serial console, or exec/attach in a pod's container (built by {@code console.KubernetesConsoles}). */
    @Override
    public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        if (!id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " is not from " + name + "."));
        }
        return KubernetesConsoles.open(client, item, request);
    }

    /** A pod's container logs, a VM's guest console and launcher logs (built by {@code logs.KubernetesLogs}). */
    @Override
    public CompletableFuture<LogFeed> openLog(Item item, LogRequest request) {
        if (!id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " is not from " + name + "."));
        }
        return logs.open(item, request);
    }

    @Override
    public CompletableFuture<String> describe(Item item) {
        return reads.describe(item);
    }

    @Override
    public CompletableFuture<List<ItemEvent>> events(Item item) {
        return reads.events(item);
    }

    /** The informer caches as the acting and reading halves see them (null while not listed). */
    private final class Caches implements CachedObjects {
        @Override public Node node(String key) { return get(nodes, key); }
        @Override public Pod pod(String key) { return get(pods, key); }
        @Override public GenericKubernetesResource vm(String key) { return get(vms, key); }
        @Override public GenericKubernetesResource vmi(String key) { return get(vmis, key); }

        private <T extends HasMetadata> T get(Watched<T> w, String key) {
            return w == null ? null : w.get(key);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
