package dev.wharf.views.model;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.InventoryListener;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries inventory deltas to the UI thread without ever blocking the publisher: deltas go into a
 * queue and at most ONE drain is scheduled on the UI executor ({@code Platform::runLater} in the
 * app, a direct executor in tests). The drain merges everything queued — last write per item
 * wins, a removal beats an earlier upsert and the other way round — and hands one delta to the
 * sink.
 */
public final class DeltaCoalescer implements InventoryListener {
    private final ConcurrentLinkedQueue<InventoryDelta> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor ui;
    private final Consumer<InventoryDelta> sink;

    public DeltaCoalescer(Executor ui, Consumer<InventoryDelta> sink) {
        this.ui = Objects.requireNonNull(ui);
        this.sink = Objects.requireNonNull(sink);
    }

    @Override
    public void onChange(InventoryDelta delta) {
        queue.add(delta);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    /** Runs on the UI thread: merges all queued deltas into one and delivers it. */
    void drain() {
        scheduled.set(false);
        InventoryDelta merged = merge(queue);
        if (merged != null) {
            sink.accept(merged);
        }
    }

    /** Merges and empties {@code queue}; null when it held nothing. */
    static InventoryDelta merge(java.util.Queue<InventoryDelta> queue) {
        boolean initial = false;
        Map<String, Item> ups = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        Map<String, SourceInfo> sources = new LinkedHashMap<>();
        Set<String> removedSources = new LinkedHashSet<>();
        int n = 0;
        for (InventoryDelta d; (d = queue.poll()) != null; n++) {
            if (d.initial()) {
                initial = true;
            }
            for (Item i : d.upserted()) {
                ups.put(i.id(), i);
                removed.remove(i.id());
            }
            for (String id : d.removed()) {
                ups.remove(id);
                removed.add(id);
            }
            for (SourceInfo s : d.sources()) {
                sources.put(s.id(), s);
                removedSources.remove(s.id());
            }
            for (String id : d.removedSources()) {
                sources.remove(id);
                removedSources.add(id);
            }
        }
        if (n == 0) {
            return null;
        }
        return new InventoryDelta(initial, new ArrayList<>(ups.values()), new ArrayList<>(removed),
                new ArrayList<>(sources.values()), new ArrayList<>(removedSources));
    }
}
