package dev.wharf.inventory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A live source of items (a Kubernetes context, a libvirt host). Implementations are named
 * {@code *Connection}. A source writes its items and its {@link SourceInfo} into the
 * {@link Inventory} it was built with; it never blocks its caller.
 */
public interface Source extends AutoCloseable {

    /** Its id, as on its items' {@link Item#source()}. */
    String id();

    /** Starts connecting and watching; returns at once. Status and items arrive in the inventory. */
    void start();

    /**
     * Starts for a one-shot command ({@code wharf ls}, {@code act}): what counts is the first
     * complete listing; an error is final, so its message promises no retries. Returns at once.
     */
    default void startOnce() {
        start();
    }

    /**
     * Performs an action the item accepts. Completes when the source has accepted it (the
     * resulting state change arrives later, as an event); completes exceptionally with a
     * {@link WharfException} whose message is the server's or libvirt's, when it refuses.
     */
    CompletableFuture<Void> perform(Item item, Action action);

    /** The raw object, read-only: YAML for Kubernetes objects, XML for libvirt domains. */
    default CompletableFuture<String> describe(Item item) {
        return CompletableFuture.failedFuture(new WharfException("no raw definition for " + item.name()));
    }

    /** Recent events about the item (Kubernetes events, libvirt lifecycle events), newest last. */
    default CompletableFuture<List<ItemEvent>> events(Item item) {
        return CompletableFuture.completedFuture(List.of());
    }

    /**
     * Opens a console of a type the item offers. Completes with a stream that is connected but
     * not yet started; exceptionally with a {@link WharfException} that says why not.
     */
    default CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
        return CompletableFuture.failedFuture(new WharfException(item.name() + " offers no console"));
    }

    /**
     * A further capability of this source ({@link Drainer}, {@link TargetedMigration} …), when it has
     * it. Views ask for the capability, never for the kind of source.
     */
    default <T> java.util.Optional<T> capability(Class<T> type) {
        return java.util.Optional.empty();
    }

    /** Tries to reconnect now, e.g. from a retry button; harmless when connected. */
    default void retry() {
    }

    /** Stops watching and releases connections; its items stay until the owner removes the source. */
    @Override
    void close();
}
