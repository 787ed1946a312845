package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
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
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of one connection and the inventory writes they cause: nodes, pods,
 * {@code node.k8s.io/v1} RuntimeClasses, KubeVirt VMs, VMIs and migrations.
 *
 * <p>Informer handlers only note which keys changed; the connection's worker maps them from the
 * informer caches (never from the event objects, never mutating them) and writes the inventory in
 * batches. Mapping reads the latest cache state, so the order in which a pod and its
 * RuntimeClass, or a VM and its VMI, arrive does not matter. Each {@link #start()} builds a fresh
 * set (a full list of every kind): after the server was lost a watch resumed from an old
 * resourceVersion could miss deletions.
 */
final class KubernetesInformers {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesInformers.class);
    static final String BY_RUNTIME_CLASS = "runtimeClass";
    static final String BY_VMI = "vmi";

    /** What the connection hears from its informers. */
    interface Events {
        /** A kind listed, or turned out forbidden or absent; on the worker. */
        void settled();

        /**
         * A list or watch failed for another reason than 403/404, on a fabric8 thread.
         *
         * @param listed the kind had listed before (so it is its watch that failed)
         * @return whether the informer should go on trying
         */
        boolean failed(String label, Throwable t, boolean listed);
    }

    enum KindState { PENDING, SYNCED, FORBIDDEN, ABSENT }

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

    private final String id;
    private final KubernetesClient client;
    private final Inventory inventory;
    private final Ids ids;
    private final AccessReviews reviews;
    private final Executor worker;
    private final Events events;
    private final boolean listsSuffice;

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
    /** After the first complete list: events are applied one by one. */
    private volatile boolean live;
    private volatile boolean closed;

    /**
     * @param listsSuffice a kind counts as listed once its list is in the cache (one-shot commands);
     *                     else once its watch is up as well (live)
     */
    KubernetesInformers(String id, KubernetesClient client, Inventory inventory, Ids ids, AccessReviews reviews,
                        Executor worker, Events events, boolean listsSuffice) {
        this.listsSuffice = listsSuffice;
        this.id = id;
        this.client = client;
        this.inventory = inventory;
        this.ids = ids;
        this.reviews = reviews;
        this.worker = worker;
        this.events = events;
    }

    /** Builds and starts a fresh set of informers (a full list of every kind); on the worker. */
    void start() {
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
                events.settled();
            }));
        }
    }

    private <T extends HasMetadata> Watched<T> watch(List<Watched<?>> all, int gen, String label,
                                                     SharedIndexInformer<T> informer, Consumer<T> changed) {
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

            /**
             * The list is in the cache: all a one-shot listing needs, whether or not the watch that
             * follows works. (Live, a kind counts once its watch is up too: what happens next is seen.)
             */
            @Override
            public void onList(String resourceVersion, boolean remainedEmpty) {
                if (listsSuffice && w.generation == generation && w.state == KindState.PENDING) {
                    w.state = KindState.SYNCED;
                    runOnWorker(events::settled);
                }
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
                runOnWorker(events::settled);
                return false;
            }
            LOG.debug("{}: {} failed: {}", id, label, t.toString());
            return events.failed(label, t, isStarted || w.state == KindState.SYNCED || informer.hasSynced());
        });
        all.add(w);
        return w;
    }

    /** Every kind of the current set has listed, or is forbidden or absent. */
    boolean allSettled() {
        List<Watched<?>> all = watched;
        if (all.isEmpty()) {
            return false;
        }
        for (Watched<?> w : all) {
            if (w.state == KindState.PENDING) {
                return false;
            }
        }
        return true;
    }

    /** The kinds RBAC hides (403). */
    List<String> forbidden() {
        List<String> hidden = new ArrayList<>();
        for (Watched<?> w : watched) {
            if (w.state == KindState.FORBIDDEN) {
                hidden.add(w.label);
            }
        }
        return hidden;
    }

    boolean runtimeClassesForbidden() {
        Watched<RuntimeClass> rc = runtimeClasses;
        return rc != null && rc.state == KindState.FORBIDDEN;
    }

    /** After the first complete list of this set: replace the source's items, then apply events one by one. */
    void goLive() {
        live = true;
        resync();
    }

    /** Stops the informers of the current set (the server was lost, or closing). */
    void stop() {
        live = false;
        for (Watched<?> w : watched) {
            try {
                w.informer.stop();
            } catch (RuntimeException e) {
                LOG.debug("stopping {} informer: {}", w.label, e.toString());
            }
        }
    }

    void close() {
        closed = true;
        stop();
    }

    /** Access in a namespace changed: re-map what is in it. */
    void namespaceChanged(String namespace) {
        dirtyNamespaces.add(namespace);
        scheduleFlush();
    }

    /** The informer caches as the acting and reading halves see them (null while not listed). */
    CachedObjects caches() {
        return new CachedObjects() {
            @Override public Node node(String key) { return get(nodes, key); }
            @Override public Pod pod(String key) { return get(pods, key); }
            @Override public GenericKubernetesResource vm(String key) { return get(vms, key); }
            @Override public GenericKubernetesResource vmi(String key) { return get(vmis, key); }

            private <T extends HasMetadata> T get(Watched<T> w, String key) {
                return w == null ? null : w.get(key);
            }
        };
    }

    // ------------------------------------------------------------------ mapping (worker thread)

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

    private void dirty(Set<String> set, String key) {
        if (!live || closed || key == null) {
            return;
        }
        set.add(key);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (live && !closed && flushScheduled.compareAndSet(false, true)) {
            runOnWorker(this::flush);
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

    private void runOnWorker(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }
}
