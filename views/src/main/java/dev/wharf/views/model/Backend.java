package dev.wharf.views.model;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Routes what the views ask about an item to the {@link Source} it comes from. */
public final class Backend {
    private final Function<String, Optional<Source>> sources;

    public Backend(Function<String, Optional<Source>> sources) {
        this.sources = sources;
    }

    /** A backend over a fixed set of sources, by id. */
    public static Backend of(List<? extends Source> list) {
        Map<String, Source> byId = new ConcurrentHashMap<>();
        list.forEach(s -> byId.put(s.id(), s));
        return new Backend(id -> Optional.ofNullable(byId.get(id)));
    }

    public CompletableFuture<Void> perform(Item item, Action action) {
        return with(item.source(), s -> s.perform(item, action));
    }

    public CompletableFuture<String> describe(Item item) {
        return with(item.source(), s -> s.describe(item));
    }

    public CompletableFuture<List<ItemEvent>> events(Item item) {
        return with(item.source(), s -> s.events(item));
    }

    public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        return with(item.source(), s -> s.openConsole(item, request));
    }

    /** A further capability of the item's source ({@code Drainer}, {@code TargetedMigration} …), if it has it. */
    public <T> Optional<T> capability(Item item, Class<T> type) {
        return sources.apply(item.source()).flatMap(s -> s.capability(type));
    }

    /** Asks a source to reconnect now; returns false if Wharf does not know it. */
    public boolean retry(String sourceId) {
        Optional<Source> s = sources.apply(sourceId);
        s.ifPresent(Source::retry);
        return s.isPresent();
    }

    private <T> CompletableFuture<T> with(String sourceId, Function<Source, CompletableFuture<T>> f) {
        Optional<Source> s = sources.apply(sourceId);
        if (s.isEmpty()) {
            return CompletableFuture.failedFuture(new WharfException(
                    "Source " + sourceId + " is not open in this window: reconnect it from Connections."));
        }
        try {
            return f.apply(s.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
