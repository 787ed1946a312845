package dev.wharf.views.bench;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A source over a {@link SyntheticInventory}: accepts every action after a short delay. For the benchmark and the preview. */
public final class SyntheticSource implements Source {
    private final SourceInfo info;
    private final Inventory inventory;
    private final List<Item> items;

    public SyntheticSource(SourceInfo info, Inventory inventory, List<Item> items) {
        this.info = info;
        this.inventory = inventory;
        this.items = items;
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public void start() {
        inventory.putSource(info);
        inventory.replaceAll(info.id(), items.stream().filter(i -> i.source().equals(info.id())).toList());
    }

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletableFuture<String> describe(Item item) {
        return CompletableFuture.completedFuture("apiVersion: v1\nkind: " + item.kind().wire() + "\nmetadata:\n  name: "
                + item.name() + "\n  namespace: " + item.namespace() + "\nstatus:\n  phase: " + item.status() + "\n");
    }

    @Override
    public CompletableFuture<List<ItemEvent>> events(Item item) {
        Instant now = Instant.now();
        return CompletableFuture.completedFuture(List.of(
                new ItemEvent(now.minusSeconds(300), "Normal", "Scheduled", "Successfully assigned " + item.name()),
                new ItemEvent(now.minusSeconds(240), "Normal", "Started", "Started " + item.name())));
    }

    @Override
    public void close() {
    }
}
