package dev.wharf.views.model;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.MergedLogFeed;
import dev.wharf.inventory.ReadOnly;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Routes what the views ask about an item to the {@link Source} it comes from. A read-only
 * source is reached through {@link ReadOnly}: every mutating call (an action, a shell, a
 * capability method marked {@code @Mutates}) is refused here, below the views, whatever a menu offers.
 */
public final class Backend {
    private final Function<String, Optional<Source>> sources;
    private final Predicate<String> readOnly;

    public Backend(Function<String, Optional<Source>> sources) {
        this(sources, id -> false);
    }

    /** @param readOnly tells whether a source id is a read-only connection (asked on every call) */
    public Backend(Function<String, Optional<Source>> sources, Predicate<String> readOnly) {
        this.readOnly = readOnly;
        this.sources = id -> sources.apply(id).map(s -> readOnly.test(id) ? ReadOnly.source(s, id) : s);
    }

    /**
     * Whether the window may offer changes for this item (an action, an edit, a snapshot, a shell,
     * a port-forward): false for an item of a read-only connection. Views that add a button for a
     * capability's {@code @Mutates} method ask this first; the call would be refused anyway.
     */
    public boolean writable(Item item) {
        return !readOnly(item.source());
    }

    /** Whether the source of this id is a read-only connection: the window offers nothing that changes it. */
    public boolean readOnly(String sourceId) {
        return sourceId != null && readOnly.test(sourceId);
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

    /** Whether the item has logs to read (its source says which, in its {@link LogStreams} facet). */
    public static boolean hasLogs(Item item) {
        return item.facet(LogStreams.class).map(l -> !l.streams().isEmpty()).orElse(false);
    }

    public CompletableFuture<LogFeed> openLog(Item item, LogRequest request) {
        return with(item.source(), s -> s.capability(LogSource.class).map(l -> l.openLog(item, request))
                .orElseGet(() -> CompletableFuture.failedFuture(new WharfException(item.name() + " has no logs Wharf can read"))));
    }

    /**
     * The logs of several items as one, merged by timestamp, each line marked with its origin:
     * at most {@code max} items (the rest are left out; the description says so).
     */
    public CompletableFuture<LogFeed> openLogs(List<Item> items, LogRequest request, int max) {
        List<Item> chosen = items.stream().filter(Backend::hasLogs).limit(Math.max(1, max)).toList();
        if (chosen.size() == 1) {
            return openLog(chosen.get(0), request);
        }
        List<CompletableFuture<LogFeed>> opening = chosen.stream().map(i -> openLog(i, request)).toList();
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).handle((v, t) -> {
            List<LogFeed> feeds = opening.stream().filter(f -> !f.isCompletedExceptionally()).map(CompletableFuture::join).toList();
            if (feeds.isEmpty()) {
                throw new java.util.concurrent.CompletionException(t);
            }
            int left = items.size() - chosen.size();
            return new MergedLogFeed("logs of " + feeds.size() + " items" + (left > 0 ? " (" + left + " more left out: at most "
                    + max + " at once)" : ""), feeds, request.follow() ? 300 : Long.MAX_VALUE);
        });
    }

    /** A further capability of the item's source ({@code Drainer}, {@code TargetedMigration} …), if it has it. */
    public <T> Optional<T> capability(Item item, Class<T> type) {
        return sources.apply(item.source()).flatMap(s -> s.capability(type));
    }

    /** A capability of the source {@code sourceId} ({@code UsageSource} …), if Wharf has it open and it offers one. */
    public <T> Optional<T> capability(String sourceId, Class<T> type) {
        return sources.apply(sourceId).flatMap(s -> s.capability(type));
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
