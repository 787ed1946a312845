package dev.wharf.app.cli;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A source that publishes fixed items on start, records actions, and hands out a given console. */
class FakeSource implements Source {
    final String id;
    final SourceInfo info;
    final Inventory inventory;
    final List<Item> items = new ArrayList<>();
    final List<String> performed = new CopyOnWriteArrayList<>();
    final List<ConsoleRequest> consoleRequests = new CopyOnWriteArrayList<>();
    String refusal;
    /** Refusals of single items, by item name (the others are accepted). */
    final java.util.Map<String, String> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    ConsoleStream console;
    boolean closed;
    SourceStatus statusOnStart = SourceStatus.CONNECTED;
    String messageOnStart = "";

    FakeSource(Inventory inventory, SourceType type, String name) {
        this.inventory = inventory;
        this.id = (type == SourceType.KUBERNETES ? "k8s:" : "libvirt:") + name;
        this.info = new SourceInfo(id, type, name, SourceStatus.CONNECTING, "");
    }

    FakeSource with(Item... more) {
        items.addAll(List.of(more));
        return this;
    }

    FakeSource failing(String message) {
        statusOnStart = SourceStatus.ERROR;
        messageOnStart = message;
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void start() {
        inventory.putSource(info);
        if (statusOnStart != SourceStatus.ERROR) {
            inventory.replaceAll(id, items);
        }
        inventory.putSource(info.with(statusOnStart, messageOnStart));
    }

    @Override
    public CompletableFuture<Void> perform(Item item, Action action) {
        performed.add(action.wire() + " " + item.id());
        if (refusals.containsKey(item.name())) {
            return CompletableFuture.failedFuture(new WharfException(refusals.get(item.name())));
        }
        return refusal == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new WharfException(refusal));
    }

    @Override
    public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        consoleRequests.add(request);
        return console == null ? CompletableFuture.failedFuture(new WharfException(item.name() + " offers no console"))
                : CompletableFuture.completedFuture(console);
    }

    @Override
    public void close() {
        closed = true;
    }
}
