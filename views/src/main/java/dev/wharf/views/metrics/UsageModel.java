package dev.wharf.views.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's usage: watches every source that offers {@link UsageSource} (following the view
 * model's sources as they come and go), keeps 15 minutes of history per item ({@link UsageHistory}),
 * tells each source what the user sees and has selected ({@link UsageSource.Watch#focus}), and hands
 * the FX thread one ready {@link UsageFrame} per poll (coalesced: a burst of polls is one hop).
 * Everything but the last hop runs on the model's own thread.
 */
public final class UsageModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageModel.class);
    /** How long the focus waits after the visible items change (a burst of deltas is one update). */
    static final long FOCUS_DELAY_MS = 1000;

    private final InventoryViewModel vm;
    private final Backend backend;
    private final ScheduledExecutorService worker;
    private final boolean ownWorker;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<UsageFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame", UsageFrame.EMPTY);

    // the worker's state
    private final Map<String, UsageSource.Watch> watches = new HashMap<>();
    private final Map<String, Set<String>> lastPolled = new HashMap<>();
    private final Map<String, Set<String>> lastFocus = new HashMap<>();
    private final Map<String, Usage> current = new HashMap<>();
    private final Map<String, String> notes = new HashMap<>();
    private final UsageHistory history = new UsageHistory(1024);
    private String historyOf;
    private long endSlot = Long.MIN_VALUE;
    private Instant at = Instant.EPOCH;
    private long revision;
    private int polls;

    // the hop to the FX thread
    private final AtomicReference<UsageFrame> pending = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    // FX thread
    private boolean focusScheduled;

    /** A model with a thread of its own ("wharf-usage"), closed with it. */
    public UsageModel(InventoryViewModel vm, Backend backend, Executor ui) {
        this(vm, backend, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-usage");
            t.setDaemon(true);
            return t;
        }), true, ui);
    }

    /** @param worker where polls are applied and frames built (one thread); the caller shuts it down */
    public UsageModel(InventoryViewModel vm, Backend backend, ScheduledExecutorService worker, Executor ui) {
        this(vm, backend, worker, false, ui);
    }

    private UsageModel(InventoryViewModel vm, Backend backend, ScheduledExecutorService worker, boolean own, Executor ui) {
        this.vm = Objects.requireNonNull(vm);
        this.backend = Objects.requireNonNull(backend);
        this.worker = worker;
        this.ownWorker = own;
        this.ui = Objects.requireNonNull(ui);
    }

    /** Starts following the view model's sources, selection and visible items. Call on the FX thread. */
    public UsageModel start() {
        vm.sources().addListener((ListChangeListener<SourceInfo>) c -> syncSources());
        vm.selectedIdProperty().addListener((o, a, b) -> pushFocus());
        vm.revisionProperty().addListener((o, a, b) -> {
            if (!focusScheduled) {
                focusScheduled = true;
                later(() -> ui.execute(this::pushFocus), FOCUS_DELAY_MS);
            }
        });
        syncSources();
        pushFocus();
        return this;
    }

    /** The newest frame; changes on the FX thread, at most once per pulse. */
    public ReadOnlyObjectProperty<UsageFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public UsageFrame frame() {
        return frame.get();
    }

    // ------------------------------------------------------------------ FX side

    private void syncSources() {
        List<String> ids = vm.sources().stream().map(SourceInfo::id).toList();
        run(() -> watchSources(ids));
    }

    private void pushFocus() {
        focusScheduled = false;
        List<Item> shown = new ArrayList<>(vm.visibleItems());
        Item sel = vm.selected();
        run(() -> focus(shown, sel));
    }

    // ------------------------------------------------------------------ the worker

    private void watchSources(List<String> ids) {
        boolean changed = false;
        for (String id : new ArrayList<>(watches.keySet())) {
            if (!ids.contains(id)) {
                closeWatch(watches.remove(id));
                forget(id);
                changed = true;
            }
        }
        for (String id : ids) {
            if (watches.containsKey(id)) {
                continue;
            }
            UsageSource us;
            try {
                us = backend.capability(id, UsageSource.class).orElse(null);
            } catch (RuntimeException e) {
                LOG.debug("usage of {} not reachable", id, e);
                continue;
            }
            if (us == null) {
                continue;
            }
            try {
                UsageSource.Watch w = us.watchUsage(poll -> run(() -> apply(id, poll)));
                watches.put(id, w);
                Set<String> f = lastFocus.get(id);
                if (f != null) {
                    w.focus(f);
                }
                changed = true;
            } catch (RuntimeException e) {
                LOG.warn("cannot watch the usage of {}: {}", id, e.toString());
            }
        }
        if (changed) {
            publish();
        }
    }

    private void forget(String sourceId) {
        Set<String> ids = lastPolled.remove(sourceId);
        if (ids != null) {
            ids.forEach(current::remove);
        }
        notes.remove(sourceId);
        lastFocus.remove(sourceId);
    }

    /** Applies one poll of the source {@code sourceId}. Package-private for the benchmark. */
    void apply(String sourceId, UsagePoll poll) {
        if (!watches.containsKey(sourceId)) {
            return; // a late poll of a watch that was closed
        }
        Set<String> now = new HashSet<>(poll.usages().size() * 2);
        for (Usage u : poll.usages()) {
            now.add(u.itemId());
            current.put(u.itemId(), u);
            history.record(u, (u.at() != null ? u.at() : poll.at()).getEpochSecond());
        }
        Set<String> before = lastPolled.put(sourceId, now);
        if (before != null) {
            for (String id : before) {
                if (!now.contains(id)) {
                    current.remove(id); // left out of this poll: n/a now
                }
            }
        }
        if (poll.note().isEmpty()) {
            notes.remove(sourceId);
        } else {
            notes.put(sourceId, poll.note());
        }
        if (poll.at() != null && poll.at().isAfter(at)) {
            at = poll.at();
        }
        endSlot = Math.max(endSlot, UsageHistory.slotOf(at.getEpochSecond()));
        if (++polls % 32 == 0) {
            history.expire(endSlot);
        }
        publish();
    }

    private void focus(List<Item> shown, Item selected) {
        Map<String, Set<String>> bySource = new HashMap<>();
        for (Item i : shown) {
            bySource.computeIfAbsent(i.source(), k -> new HashSet<>()).add(i.id());
        }
        if (selected != null) {
            bySource.computeIfAbsent(selected.source(), k -> new HashSet<>()).add(selected.id());
        }
        for (Map.Entry<String, UsageSource.Watch> e : watches.entrySet()) {
            Set<String> ids = bySource.getOrDefault(e.getKey(), Set.of());
            if (!ids.equals(lastFocus.get(e.getKey()))) {
                lastFocus.put(e.getKey(), ids);
                try {
                    e.getValue().focus(Collections.unmodifiableSet(ids));
                } catch (RuntimeException ex) {
                    LOG.debug("focus of {} failed", e.getKey(), ex);
                }
            }
        }
        bySource.forEach(lastFocus::putIfAbsent);
        String sel = selected == null ? null : selected.id();
        if (!Objects.equals(sel, historyOf)) {
            historyOf = sel;
            publish();
        }
    }

    private void publish() {
        Map<String, Usage> copy = new HashMap<>(current);
        Map<String, Byte> heat = new HashMap<>(current.size() * 2);
        for (Usage u : current.values()) {
            heat.put(u.itemId(), UsageFrame.pack(u));
        }
        UsageSeries series = null;
        if (historyOf != null && history.contains(historyOf)) {
            Metric[] ms = Metric.values();
            float[][] values = new float[ms.length][];
            for (Metric m : ms) {
                values[m.ordinal()] = history.series(historyOf, m, endSlot);
            }
            series = new UsageSeries(historyOf, endSlot, values);
        }
        pending.set(new UsageFrame(++revision, at, Collections.unmodifiableMap(copy), Map.copyOf(notes),
                Collections.unmodifiableMap(heat), java.util.Set.copyOf(watches.keySet()), series));
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::deliver);
        }
    }

    /** On the FX thread: the newest frame, once per burst. */
    private void deliver() {
        scheduled.set(false);
        UsageFrame f = pending.getAndSet(null);
        if (f != null) {
            frame.set(f);
        }
    }

    /** The history (for the benchmark: what 15 minutes cost). Touch it only on the model's thread. */
    UsageHistory history() {
        return history;
    }

    private static void closeWatch(UsageSource.Watch w) {
        try {
            w.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a usage watch failed", e);
        }
    }

    private void run(Runnable r) {
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("usage: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("usage model closed");
        }
    }

    private void later(Runnable r, long ms) {
        try {
            worker.schedule(r, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("usage model closed");
        }
    }

    /** Closes every watch (the sources stop polling what no one needs) and, if it owns it, the thread. */
    @Override
    public void close() {
        run(() -> {
            watches.values().forEach(UsageModel::closeWatch);
            watches.clear();
        });
        if (ownWorker) {
            worker.shutdown();
        }
    }
}
