package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import dev.wharf.kubernetes.mapping.Ids;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of one connection and the inventory writes they cause: nodes, pods,
 * {@code node.k8s.io/v1} RuntimeClasses, namespaces (their tenant labels), KubeVirt VMs, VMIs and
 * migrations. The mapping itself is {@link CacheMapping}'s.
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
    /**
     * Objects per list page (like kubectl): a 100,000-pod list arrives as pages the server can
     * stream, not one answer the API server must build whole.
     */
    static final long PAGE = 500;

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

    private final String id;
    private final KubernetesClient client;
    private final CacheMapping mapping;
    private final Executor worker;
    private final Events events;
    private final boolean listsSuffice;

    private volatile List<Watched<?>> watched = List.of();
    private volatile int generation;
    /** The current set; null before the first {@link #start()}. */
    private volatile CacheMapping.Informers current;

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
        this.mapping = new CacheMapping(id, ids, inventory, reviews);
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
        Watched<Node> nodes = watch(all, gen, "nodes", client.nodes().runnableInformer(0),
                n -> dirty(mapping.dirtyNodes, n.getMetadata().getName()));
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().withLimit(PAGE).runnableInformer(0);
        podInformer.addIndexers(Map.of(CacheMapping.BY_RUNTIME_CLASS, p -> p.getSpec() == null
                || p.getSpec().getRuntimeClassName() == null ? List.of() : List.of(p.getSpec().getRuntimeClassName())));
        Watched<Pod> pods = watch(all, gen, "pods", podInformer,
                p -> dirty(mapping.dirtyPods, Cache.metaNamespaceKeyFunc(p)));
        Watched<RuntimeClass> runtimeClasses = watch(all, gen, "runtimeclasses",
                client.resources(RuntimeClass.class).runnableInformer(0),
                rc -> dirty(mapping.dirtyRuntimeClasses, rc.getMetadata().getName()));
        Watched<GenericKubernetesResource> vms = watch(all, gen, "virtualmachines",
                client.genericKubernetesResources(KubeVirt.VMS).inAnyNamespace().withLimit(PAGE).runnableInformer(0),
                vm -> dirty(mapping.dirtyVms, Cache.metaNamespaceKeyFunc(vm)));
        Watched<GenericKubernetesResource> vmis = watch(all, gen, "virtualmachineinstances",
                client.genericKubernetesResources(KubeVirt.VMIS).inAnyNamespace().withLimit(PAGE).runnableInformer(0),
                vmi -> dirty(mapping.dirtyVms, Cache.metaNamespaceKeyFunc(vmi)));
        SharedIndexInformer<GenericKubernetesResource> migInformer =
                client.genericKubernetesResources(KubeVirt.MIGRATIONS).inAnyNamespace().withLimit(PAGE).runnableInformer(0);
        migInformer.addIndexers(Map.of(CacheMapping.BY_VMI, m -> {
            String vmi = VmMigrations.vmiName(m);
            return vmi == null ? List.of() : List.of(m.getMetadata().getNamespace() + "/" + vmi);
        }));
        Watched<GenericKubernetesResource> migrations = watch(all, gen, "virtualmachineinstancemigrations", migInformer,
                m -> {
                    String vmi = VmMigrations.vmiName(m);
                    if (vmi != null) {
                        dirty(mapping.dirtyVms, m.getMetadata().getNamespace() + "/" + vmi);
                    }
                });
        // a namespace's labels name its tenant: a change re-maps its pods and VMs
        Watched<Namespace> namespaces = watch(all, gen, "namespaces", client.namespaces().runnableInformer(0),
                ns -> namespaceChanged(ns.getMetadata().getName()));
        current = new CacheMapping.Informers(nodes, pods, runtimeClasses, vms, vmis, migrations, namespaces);
        watched = List.copyOf(all);
        for (Watched<?> w : all) {
            w.informer.start().whenComplete((v, t) -> runOnWorker(() -> {
                if (t == null && w.state == Watched.State.PENDING) {
                    w.state = Watched.State.SYNCED;
                }
                events.settled();
            }));
        }
    }

    private <T extends HasMetadata> Watched<T> watch(List<Watched<?>> all, int gen, String label,
                                                     SharedIndexInformer<T> informer, Consumer<T> changed) {
        Watched<T> w = new Watched<>(label, informer, gen);
        informer.itemStore(new LeanStore<>()); // managedFields never reach the cache
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
                if (listsSuffice && w.generation == generation && w.state == Watched.State.PENDING) {
                    w.state = Watched.State.SYNCED;
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
                w.state = code == 403 ? Watched.State.FORBIDDEN : Watched.State.ABSENT;
                LOG.info("{}: cannot watch {} ({}), going on without them", id, label, code);
                runOnWorker(events::settled);
                return false;
            }
            LOG.debug("{}: {} failed: {}", id, label, t.toString());
            return events.failed(label, t, isStarted || w.state == Watched.State.SYNCED || informer.hasSynced());
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
            if (w.state == Watched.State.PENDING) {
                return false;
            }
        }
        return true;
    }

    /** The kinds RBAC hides (403). */
    List<String> forbidden() {
        List<String> hidden = new ArrayList<>();
        for (Watched<?> w : watched) {
            if (w.state == Watched.State.FORBIDDEN) {
                hidden.add(w.label);
            }
        }
        return hidden;
    }

    boolean runtimeClassesForbidden() {
        CacheMapping.Informers w = current;
        return w != null && w.runtimeClasses().state == Watched.State.FORBIDDEN;
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
        if (!live || closed) {
            return;
        }
        mapping.dirtyNamespaces.add(namespace);
        scheduleFlush();
    }

    /** The informer caches as the acting and reading halves see them (null while not listed). */
    CachedObjects caches() {
        return new CachedObjects() {
            @Override public Node node(String key) { CacheMapping.Informers w = current; return w == null ? null : w.nodes().get(key); }
            @Override public Pod pod(String key) { CacheMapping.Informers w = current; return w == null ? null : w.pods().get(key); }
            @Override public GenericKubernetesResource vm(String key) { CacheMapping.Informers w = current; return w == null ? null : w.vms().get(key); }
            @Override public GenericKubernetesResource vmi(String key) { CacheMapping.Informers w = current; return w == null ? null : w.vmis().get(key); }

            @Override
            public List<Node> nodes() {
                CacheMapping.Informers w = current;
                return w == null ? List.of() : w.nodes().informer.getStore().list();
            }

            @Override
            public List<Pod> podsOn(String node) {
                CacheMapping.Informers w = current;
                return w == null ? List.of() : w.pods().informer.getStore().list().stream()
                        .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName())).toList();
            }
        };
    }

    // ------------------------------------------------------------------ mapping (worker thread)

    /** Replaces everything of this source by the mapping of the informer caches: no ghost, nothing missing. */
    private void resync() {
        mapping.resync(current);
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
        if (!closed) {
            mapping.flush(current);
        }
    }

    private void runOnWorker(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }
}
