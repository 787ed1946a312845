package dev.wharf.inventory;

import java.util.concurrent.CompletableFuture;

/**
 * Capability of a {@link Source} that can read its items' logs (those with a
 * {@link LogStreams} facet). Views reach it through their backend, the CLI through the source.
 */
public interface LogSource {

    /**
     * Opens a log of {@code item}. Completes with a feed not yet started; exceptionally with a
     * {@link WharfException} saying why not (no such container, the VM's guest log is off and
     * how to turn it on, the pod is gone).
     */
    CompletableFuture<LogFeed> openLog(Item item, LogRequest request);
}
