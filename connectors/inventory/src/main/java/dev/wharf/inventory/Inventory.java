package dev.wharf.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The unified inventory: a thread-safe store of {@link Item}s and {@link SourceInfo}s.
 *
 * <p>Connectors write raw items; the store derives the relations across sources (a Kubernetes
 * node whose system UUID equals a VM's UUID <em>is</em> that VM: the node's {@code on} becomes
 * the VM's host and the VM {@code carries} the node), in whichever order the two arrive.
 *
 * <p>Changes are published to listeners as coalesced deltas (last write per item wins), on one
 * dispatch thread, never with the store locked. A writer never waits for a listener.
 */
public final class Inventory {
    private static final Comparator<Item> ORDER = Comparator.comparing(Item::id);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Executor dispatcher;

    // guarded by lock
    private final Map<String, SourceInfo> sources = new LinkedHashMap<>();
    private final Map<String, Item> raw = new HashMap<>();
    private final Map<String, Item> effective = new HashMap<>();
    private final Map<String, Set<String>> idsBySource = new HashMap<>();
    private final Map<String, Set<String>> vmsByUuid = new HashMap<>();
    private final Map<String, Set<String>> nodesByUuid = new HashMap<>();
    private final Map<String, Item> pendingUpserts = new LinkedHashMap<>();
    private final Set<String> pendingRemovals = new HashSet<>();
    private final Map<String, SourceInfo> pendingSources = new LinkedHashMap<>();
    private final Set<String> pendingRemovedSources = new HashSet<>();
    private final List<InventoryListener> newListeners = new ArrayList<>();
    private boolean draining;

    private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();

    /** An inventory that publishes on its own daemon thread. */
    public Inventory() {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wharf-inventory-dispatch");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * An inventory that publishes through {@code dispatcher}. A direct executor
     * ({@code Runnable::run}) makes delivery synchronous, for tests.
     */
    public Inventory(Executor dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher);
    }

    // ---------------------------------------------------------------- sources

    /** Adds a source or changes its status. */
    public void putSource(SourceInfo source) {
        mutate(() -> {
            if (!source.equals(sources.put(source.id(), source))) {
                pendingSources.put(source.id(), source);
                pendingRemovedSources.remove(source.id());
            }
        });
    }

    /** Removes a source and all its items. */
    public void removeSource(String sourceId) {
        mutate(() -> {
            if (sources.remove(sourceId) != null) {
                pendingSources.remove(sourceId);
                pendingRemovedSources.add(sourceId);
            }
            for (String id : new ArrayList<>(idsBySource.getOrDefault(sourceId, Set.of()))) {
                removeLocked(id);
            }
        });
    }

    // ---------------------------------------------------------------- items

    /** Adds or replaces an item. */
    public void put(Item item) {
        mutate(() -> putLocked(item));
    }

    /** Adds or replaces several items as one change. */
    public void putAll(Collection<Item> items) {
        mutate(() -> items.forEach(this::putLocked));
    }

    /** Removes an item; unknown ids are ignored. */
    public void remove(String id) {
        mutate(() -> removeLocked(id));
    }

    /**
     * Replaces everything a source holds with {@code items}: what is not among them is removed.
     * Connectors call it after a (re-)list, so the inventory converges with no ghost.
     */
    public void replaceAll(String sourceId, Collection<Item> items) {
        mutate(() -> {
            Set<String> keep = new HashSet<>();
            for (Item i : items) {
                if (!i.source().equals(sourceId)) {
                    throw new IllegalArgumentException("item " + i.id() + " is not of source " + sourceId);
                }
                keep.add(i.id());
                putLocked(i);
            }
            for (String id : new ArrayList<>(idsBySource.getOrDefault(sourceId, Set.of()))) {
                if (!keep.contains(id)) {
                    removeLocked(id);
                }
            }
        });
    }

    /**
     * Atomically replaces an item by {@code f(item)}; does nothing if the item is absent.
     * {@code f} may return null to remove it.
     */
    public void update(String id, UnaryOperator<Item> f) {
        mutate(() -> {
            Item old = raw.get(id);
            if (old != null) {
                Item now = f.apply(old);
                if (now == null) {
                    removeLocked(id);
                } else {
                    putLocked(now);
                }
            }
        });
    }

    /** Marks every item of a source stale (its source is unreachable) or live again. */
    public void markStale(String sourceId, boolean stale) {
        mutate(() -> {
            for (String id : new ArrayList<>(idsBySource.getOrDefault(sourceId, Set.of()))) {
                putLocked(raw.get(id).withStale(stale));
            }
        });
    }

    /** Applies {@code f} to every item of a source (e.g. state → unknown while a host is lost). */
    public void updateAll(String sourceId, UnaryOperator<Item> f) {
        mutate(() -> {
            for (String id : new ArrayList<>(idsBySource.getOrDefault(sourceId, Set.of()))) {
                Item now = f.apply(raw.get(id));
                if (now == null) {
                    removeLocked(id);
                } else {
                    putLocked(now);
                }
            }
        });
    }

    // ---------------------------------------------------------------- reads

    public Optional<Item> get(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(effective.get(id));
        } finally {
            lock.unlock();
        }
    }

    public Optional<SourceInfo> source(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(sources.get(id));
        } finally {
            lock.unlock();
        }
    }

    /** A consistent copy of everything, items sorted by id. */
    public InventorySnapshot snapshot() {
        lock.lock();
        try {
            List<Item> items = new ArrayList<>(effective.values());
            items.sort(ORDER);
            return new InventorySnapshot(new ArrayList<>(sources.values()), items);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- listeners

    /**
     * Subscribes a listener. Its first delta is {@linkplain InventoryDelta#initial() initial}:
     * the whole inventory; then come the changes. Close the returned handle to unsubscribe.
     */
    public AutoCloseable subscribe(InventoryListener listener) {
        mutate(() -> newListeners.add(listener));
        return () -> {
            lock.lock();
            try {
                newListeners.remove(listener);
            } finally {
                lock.unlock();
            }
            listeners.remove(listener);
        };
    }

    /**
     * Waits until every change made before this call has been delivered to the listeners.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (draining || hasPendingLocked()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private void mutate(Runnable change) {
        boolean schedule;
        lock.lock();
        try {
            change.run();
            schedule = !draining && hasPendingLocked();
            if (schedule) {
                draining = true;
            }
        } finally {
            lock.unlock();
        }
        if (schedule) {
            dispatcher.execute(this::drain);
        }
    }

    private boolean hasPendingLocked() {
        return !pendingUpserts.isEmpty() || !pendingRemovals.isEmpty() || !pendingSources.isEmpty()
                || !pendingRemovedSources.isEmpty() || !newListeners.isEmpty();
    }

    private void drain() {
        while (true) {
            InventoryDelta delta;
            InventoryDelta initial = null;
            List<InventoryListener> fresh;
            lock.lock();
            try {
                if (!hasPendingLocked()) {
                    draining = false;
                    idle.signalAll();
                    return;
                }
                List<Item> ups = new ArrayList<>(pendingUpserts.values());
                ups.sort(ORDER);
                delta = new InventoryDelta(false, ups, new ArrayList<>(new TreeSet<>(pendingRemovals)),
                        new ArrayList<>(pendingSources.values()), new ArrayList<>(pendingRemovedSources));
                pendingUpserts.clear();
                pendingRemovals.clear();
                pendingSources.clear();
                pendingRemovedSources.clear();
                fresh = new ArrayList<>(newListeners);
                newListeners.clear();
                if (!fresh.isEmpty()) {
                    List<Item> all = new ArrayList<>(effective.values());
                    all.sort(ORDER);
                    initial = new InventoryDelta(true, all, List.of(), new ArrayList<>(sources.values()), List.of());
                }
            } finally {
                lock.unlock();
            }
            if (!delta.isEmpty()) {
                for (InventoryListener l : listeners) {
                    deliver(l, delta);
                }
            }
            for (InventoryListener l : fresh) {
                deliver(l, initial);
                listeners.add(l);
            }
        }
    }

    private static void deliver(InventoryListener l, InventoryDelta d) {
        try {
            l.onChange(d);
        } catch (RuntimeException e) {
            // A faulty listener must not stop the others nor the store.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    private void putLocked(Item item) {
        Item old = raw.put(item.id(), item);
        if (old != null && !old.source().equals(item.source())) {
            idsBySource.getOrDefault(old.source(), new HashSet<>()).remove(item.id());
        }
        idsBySource.computeIfAbsent(item.source(), k -> new HashSet<>()).add(item.id());
        unindex(old);
        index(item);
        Set<String> affected = relatedTo(old, item);
        affected.add(item.id());
        refresh(affected);
    }

    private void removeLocked(String id) {
        Item old = raw.remove(id);
        if (old == null) {
            return;
        }
        Set<String> ofSource = idsBySource.get(old.source());
        if (ofSource != null) {
            ofSource.remove(id);
            if (ofSource.isEmpty()) {
                idsBySource.remove(old.source());
            }
        }
        unindex(old);
        effective.remove(id);
        pendingUpserts.remove(id);
        pendingRemovals.add(id);
        refresh(relatedTo(old, null));
    }

    /** Items whose derived fields may change when {@code old} becomes {@code now}. */
    private Set<String> relatedTo(Item old, Item now) {
        Set<String> out = new HashSet<>();
        for (Item i : new Item[] {old, now}) {
            if (i != null && i.uuid() != null) {
                out.addAll(vmsByUuid.getOrDefault(i.uuid(), Set.of()));
                out.addAll(nodesByUuid.getOrDefault(i.uuid(), Set.of()));
            }
        }
        return out;
    }

    private void refresh(Set<String> ids) {
        for (String id : ids) {
            Item r = raw.get(id);
            if (r == null) {
                continue;
            }
            Item derived = derive(r);
            if (!derived.equals(effective.get(id))) {
                effective.put(id, derived);
                pendingUpserts.put(id, derived);
                pendingRemovals.remove(id);
            }
        }
    }

    private Item derive(Item r) {
        if (r.kind() == Kind.NODE) {
            return deriveNode(r);
        }
        if (r.uuid() == null) {
            return r;
        }
        if (r.kind() == Kind.VM || r.kind() == Kind.MICROVM) {
            Item node = first(nodesByUuid.get(r.uuid()));
            if (node == null) {
                return r;
            }
            return r.toBuilder().carries(node.id()).property("Kubernetes node", node.name()).build();
        }
        return r;
    }

    /**
     * A node's placement: a libvirt domain with its system UUID is the strongest evidence (the
     * node runs on that domain's host); else what its connector found ({@link NodePlacement});
     * else unknown, never assumed bare metal.
     */
    private Item deriveNode(Item r) {
        Item vm = r.uuid() == null ? null : first(vmsByUuid.get(r.uuid()));
        Item.Builder b = r.toBuilder();
        NodePlacement placement;
        if (vm != null) {
            String where = vm.on() == null ? "" : " on " + hostName(vm.on());
            b.on(vm.on()).property("Runs as", "VM " + vm.name() + where);
            placement = new NodePlacement(NodePlacement.Placement.VM, vm.on(), "libvirt domain " + vm.name()
                    + (vm.on() == null ? "" : " on host " + hostName(vm.on())) + " has the node's system UUID");
        } else {
            placement = r.facet(NodePlacement.class).orElse(NodePlacement.unknown(
                    "no libvirt domain has its system UUID and its source tells nothing more"));
            b.property("Runs as", placement.placement().label() + " (" + placement.evidence() + ")");
        }
        return b.facet(placement).build();
    }

    private String hostName(String id) {
        Item h = raw.get(id);
        return h == null ? id : h.name();
    }

    private Item first(Set<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        return raw.get(ids.stream().min(String::compareTo).orElseThrow());
    }

    private void index(Item i) {
        if (i == null || i.uuid() == null) {
            return;
        }
        Map<String, Set<String>> m = indexFor(i);
        if (m != null) {
            m.computeIfAbsent(i.uuid(), k -> new HashSet<>()).add(i.id());
        }
    }

    private void unindex(Item i) {
        if (i == null || i.uuid() == null) {
            return;
        }
        Map<String, Set<String>> m = indexFor(i);
        if (m != null) {
            Set<String> s = m.get(i.uuid());
            if (s != null) {
                s.remove(i.id());
                if (s.isEmpty()) {
                    m.remove(i.uuid());
                }
            }
        }
    }

    private Map<String, Set<String>> indexFor(Item i) {
        return switch (i.kind()) {
            case NODE -> nodesByUuid;
            case VM, MICROVM -> vmsByUuid;
            default -> null;
        };
    }

    /** Stops a dispatcher this inventory created; harmless otherwise. */
    public void close() {
        if (dispatcher instanceof java.util.concurrent.ExecutorService es) {
            es.shutdown();
            try {
                es.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
