package dev.wharf.views.bench;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsageListener;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SyntheticSource} that also measures usage, with plausible moving figures: each item a
 * base load with a slow wave, one in seven busy, memory that creeps; nothing for sandboxes (n/a).
 * For the preview (polls every few seconds after 15 minutes back-filled) and the usage benchmark
 * ({@link #poll(Instant)} on demand).
 */
public final class SyntheticUsage implements Source, UsageSource {
    private final SyntheticSource inner;
    private final List<Item> items;
    /** Items others run on (nodes, hosts): a bigger limit. */
    private final java.util.Set<String> holders;
    private final long periodMs;
    private final List<UsageListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;

    /** @param periodMs 0: polls only when asked ({@link #poll}) */
    public SyntheticUsage(SyntheticSource inner, List<Item> all, long periodMs) {
        this.inner = inner;
        this.items = all.stream().filter(i -> i.source().equals(inner.id()) && i.listedByDefault()).toList();
        this.periodMs = periodMs;
        this.holders = new java.util.HashSet<>();
        all.forEach(i -> {
            if (i.on() != null) {
                holders.add(i.on());
            }
        });
    }

    /** One poll of every item at {@code at}, delivered to every watch on the caller's thread. */
    public UsagePoll poll(Instant at) {
        double t = at.getEpochSecond();
        List<Usage> out = new ArrayList<>(items.size());
        for (Item i : items) {
            if (i.isolation() == Isolation.SANDBOX || i.state() != dev.wharf.inventory.State.RUNNING) {
                continue; // metrics-server does not measure gVisor pods (n/a), nor what does not run
            }
            int h = i.id().hashCode();
            boolean busy = Math.floorMod(h, 7) == 0;
            boolean node = holders.contains(i.id());
            boolean host = i.kind() == dev.wharf.inventory.Kind.HOST; // SyntheticInventory's hosts: 64 CPUs, 512 GiB
            double limit = host ? 64 : node ? 8 : 2;
            double base = busy ? 0.7 * limit : (Math.floorMod(h >> 3, 100) / 100.0) * 0.3 * limit + 0.01;
            double cores = base * (1 + 0.35 * Math.sin(t / 90 + (h & 63)) + 0.1 * Math.sin(t / 11 + h));
            cores = Math.max(0.001, Math.min(limit, cores));
            long memLimit = host ? 512L << 30 : node ? 32L << 30 : 2L << 30;
            double memShare = 0.15 + Math.floorMod(h >> 9, 60) / 100.0 + (Math.floorMod(h, 5) == 0 ? (t % 3600) / 3600 * 0.2 : 0);
            long mem = (long) (memLimit * Math.min(0.98, memShare));
            long read = (long) (Math.max(0, Math.sin(t / 40 + h)) * 3e6);
            long write = (long) (Math.max(0, Math.sin(t / 25 + h * 3)) * 1e6);
            long rx = (long) ((1 + Math.sin(t / 30 + h)) * 4e5);
            long tx = (long) ((1 + Math.cos(t / 30 + h)) * 2e5);
            out.add(new Usage(i.id(), at, Duration.ofSeconds(15), cores, cores / limit * 100, mem,
                    mem * 100.0 / memLimit, read, write, rx, tx, ""));
        }
        UsagePoll p = new UsagePoll(inner.id(), at, out, "");
        listeners.forEach(l -> l.onUsage(p));
        return p;
    }

    @Override
    public synchronized Watch watchUsage(UsageListener listener) {
        listeners.add(listener);
        if (periodMs > 0 && timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "synthetic-usage");
                th.setDaemon(true);
                return th;
            });
            timer.execute(() -> {
                Instant now = Instant.now();
                for (int k = 60; k > 0; k--) {
                    poll(now.minusSeconds(15L * k)); // 15 minutes back-filled
                }
            });
            timer.scheduleAtFixedRate(() -> poll(Instant.now()), periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
        return () -> listeners.remove(listener);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return type == UsageSource.class ? Optional.of(type.cast(this)) : inner.capability(type);
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public void start() {
        inner.start();
    }

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        return inner.perform(item, action);
    }

    @Override
    public CompletableFuture<String> describe(Item item) {
        return inner.describe(item);
    }

    @Override
    public CompletableFuture<List<ItemEvent>> events(Item item) {
        return inner.events(item);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        inner.close();
    }
}
