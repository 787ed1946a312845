package dev.wharf.views.metrics;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsageListener;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A source that offers usage and emits the polls a test gives it, on the caller's thread. */
public final class FakeUsageSource implements Source, UsageSource {
    private final String id;
    final List<UsageListener> listeners = new CopyOnWriteArrayList<>();
    final List<Set<String>> focuses = new CopyOnWriteArrayList<>();
    volatile int closedWatches;

    public FakeUsageSource(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void start() {
    }

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return type == UsageSource.class ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    public void close() {
    }

    @Override
    public Watch watchUsage(UsageListener listener) {
        listeners.add(listener);
        return new Watch() {
            @Override
            public void focus(Set<String> itemIds) {
                focuses.add(Set.copyOf(itemIds));
            }

            @Override
            public void close() {
                listeners.remove(listener);
                closedWatches++;
            }
        };
    }

    /** Delivers one poll to every watch. */
    public void emit(Instant at, String note, Usage... usages) {
        UsagePoll p = new UsagePoll(id, at, List.of(usages), note);
        listeners.forEach(l -> l.onUsage(p));
    }

    /** A usage with CPU and memory (and optionally disk and network), the rest unknown. */
    public static Usage usage(String itemId, Instant at, Double cores, Double cpuPct, Long mem, Double memPct) {
        return new Usage(itemId, at, Duration.ofSeconds(15), cores, cpuPct, mem, memPct, null, null, null, null, "");
    }

    public static Usage full(String itemId, Instant at, double cores, long mem, long read, long write, long rx, long tx,
                             String origin) {
        return new Usage(itemId, at, Duration.ofSeconds(3), cores, cores * 100, mem, 50.0, read, write, rx, tx, origin);
    }
}
