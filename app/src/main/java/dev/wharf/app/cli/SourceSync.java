package dev.wharf.app.cli;

import dev.wharf.app.Sessions;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Waits for the first full listing of several sources at once, for one-shot commands. */
public final class SourceSync {
    private SourceSync() {
    }

    /**
     * How a source came out of its first sync.
     *
     * @param source   the source
     * @param info     its status afterwards; null if it never published one
     * @param timedOut true if it was still connecting when the time was up
     */
    public record Outcome(Source source, SourceInfo info, boolean timedOut) {
        /** Connected, fully or partly. */
        public boolean ok() {
            return !timedOut && info != null
                    && (info.status() == SourceStatus.CONNECTED || info.status() == SourceStatus.PARTIAL);
        }

        /** One line for stderr, without the {@code wharf: } prefix; null when there is nothing to say. */
        public String problem(Duration timeout) {
            if (info == null || timedOut) {
                String who = info == null ? source.id() : SourceLabels.of(info);
                return who + ": no answer within " + timeout.toSeconds()
                        + " s — check the address and your network, or run with --debug";
            }
            if (info.status() == SourceStatus.ERROR || info.status() == SourceStatus.PARTIAL) {
                String m = info.message().isBlank() ? info.status().wire() : info.message();
                return SourceLabels.of(info) + ": " + m;
            }
            return null;
        }
    }

    /** Waits, all sources in parallel, at most {@code timeout} in all; the outcomes in source order. */
    public static List<Outcome> awaitAll(List<Source> sources, Inventory inventory, Duration timeout) {
        if (sources.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(sources.size(), r -> {
            Thread t = new Thread(r, "wharf-sync");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Outcome>> waits = new ArrayList<>();
            for (Source s : sources) {
                waits.add(CompletableFuture.supplyAsync(() -> {
                    boolean synced;
                    try {
                        synced = Sessions.awaitInitialSync(s, inventory, timeout);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        synced = false;
                    }
                    SourceInfo info = inventory.source(s.id()).orElse(null);
                    boolean stillConnecting = info == null || info.status() == SourceStatus.CONNECTING;
                    return new Outcome(s, info, !synced && stillConnecting);
                }, pool));
            }
            return waits.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
