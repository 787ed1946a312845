package dev.wharf.views.logs;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.WharfException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The log viewer's model. Lines arrive on connector threads and wait in an inbox; one worker
 * thread parses them (ANSI), stores them in a bounded {@link LogRing}, applies the filter and
 * the search, and publishes a {@link LogSnapshot}; the UI gets at most one pulse pending at a
 * time, carrying the latest snapshot. Changing the filter or the search re-runs it over the
 * ring on the worker. Nothing here runs on, or blocks, the UI thread.
 */
public final class LogViewModel implements AutoCloseable {
    private final Executor ui;
    private final int capacity;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wharf-log-viewer");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<LogLine> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean pulsePending = new AtomicBoolean();
    private final AtomicReference<LogSnapshot> latest = new AtomicReference<>();
    private volatile Consumer<LogSnapshot> onSnapshot = s -> { };

    // worker-confined state
    private LogRing ring;
    private int generation;
    private TextQuery filter;
    private boolean invert;
    private long[] filtered;
    private int fStart;
    private int fEnd;
    private volatile TextQuery search;
    private long[] matches = new long[0];
    private int matchCount;
    private String status = "";
    private boolean restarted;
    private LogFeed feed;
    private LogSpool spool;
    private boolean pretty;

    /** @param ui runs the pulse on the UI thread ({@code Platform::runLater}; tests pass a direct executor) */
    public LogViewModel(Executor ui, int capacity) {
        this.ui = ui;
        this.capacity = capacity;
        worker.execute(() -> ring = new LogRing(capacity));
    }

    /** Where snapshots go, on the UI thread. */
    public void onSnapshot(Consumer<LogSnapshot> c) {
        onSnapshot = c;
    }

    /** Shows {@code newFeed} from an empty view (the previous feed is closed) and starts it. */
    public void open(LogFeed newFeed) {
        worker.execute(() -> {
            if (feed != null) {
                feed.close();
            }
            generation++;
            int gen = generation;
            ring = new LogRing(capacity);
            if (spool != null) {
                spool.close();
            }
            spool = LogSpool.create();
            inbox.clear();
            restarted = false;
            status = newFeed.description();
            refilter();
            feed = newFeed;
            publish();
            newFeed.start(new LogFeed.Listener() {
                @Override
                public void onLine(LogLine line) {
                    if (gen == generation) {
                        inbox.add(line);
                        scheduleDrain();
                    }
                }

                @Override
                public void onEnd(WharfException error) {
                    worker.execute(() -> {
                        if (gen == generation) {
                            drain();
                            status = error == null ? newFeed.description() + " — ended" : error.getMessage();
                            publish();
                        }
                    });
                }
            });
        });
    }

    /** Tells the user why there is no log (opening failed). */
    public void fail(String message) {
        worker.execute(() -> {
            status = message;
            publish();
        });
    }

    /** Shows only the rows containing {@code text} (or matching it as a regex), or only the others when inverted. */
    public void filter(String text, boolean regex, boolean inverted) {
        worker.execute(() -> {
            filter = compile(text, regex);
            invert = inverted;
            refilter();
            researchAll();
            publish();
        });
    }

    /** Highlights {@code text} (or regex matches) and counts the rows that hold it. */
    public void search(String text, boolean regex) {
        worker.execute(() -> {
            search = compile(text, regex);
            researchAll();
            publish();
        });
    }

    /**
     * Shows the lines that are JSON objects or arrays pretty-printed (on several lines), or as
     * received: every row held is rendered again here, on the worker; completes when the snapshot
     * with them is published.
     */
    public java.util.concurrent.CompletableFuture<Void> pretty(boolean on) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        worker.execute(() -> {
            if (pretty != on) {
                pretty = on;
                for (long s = ring.first(); s < ring.next(); s++) {
                    LogRow r = ring.get(s);
                    if (r != null && !r.isMarker()) {
                        ring.replace(LogRow.of(s, r.line(), on));
                    }
                }
                refilter();
                researchAll();
                publish();
            }
            done.complete(null);
        });
        return done;
    }

    /**
     * Writes every line received since the log was opened (not only those the ring still holds), as
     * received: {@code TIMESTAMP TEXT} with its escapes, markers left out; from the spool. Should the
     * spool have failed, the lines held are written under a first line saying how many are missing.
     */
    public java.util.concurrent.CompletableFuture<java.nio.file.Path> save(java.nio.file.Path file) {
        java.util.concurrent.CompletableFuture<java.nio.file.Path> done = new java.util.concurrent.CompletableFuture<>();
        worker.execute(() -> {
            drain();
            try {
                if (spool == null || !spool.copyTo(file)) {
                    try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))) {
                        if (ring.first() > 0 || spool != null) {
                            out.write(("# wharf: " + (spool == null ? "no log" : spool.failure()) + "; the first "
                                    + ring.first() + " lines received are not in this file\n")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                        for (long s = ring.first(); s < ring.next(); s++) {
                            LogRow r = ring.get(s);
                            if (r != null && !r.isMarker()) {
                                out.write(LogSpool.format(r.line()));
                            }
                        }
                    }
                }
                done.complete(file);
            } catch (java.io.IOException e) {
                done.completeExceptionally(new WharfException("cannot save the log to " + file + ": " + e.getMessage(), e));
            }
        });
        return done;
    }

    /** Runs {@code task} on the worker after what was asked before it (tests, benchmarks). */
    public void afterPending(Runnable task) {
        worker.execute(task);
    }

    /** The current search pattern, for highlighting (any thread). */
    public Pattern searchPattern() {
        TextQuery q = search;
        return q == null ? null : q.pattern();
    }

    private TextQuery compile(String text, boolean regex) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!regex) {
            return TextQuery.literal(text);
        }
        try {
            return TextQuery.regex(Pattern.compile(text));
        } catch (PatternSyntaxException e) {
            status = "invalid regular expression: " + e.getDescription();
            return TextQuery.literal(text);
        }
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            worker.execute(() -> {
                draining.set(false);
                drain();
                publish();
            });
        }
    }

    private void drain() {
        for (LogLine l = inbox.poll(); l != null; l = inbox.poll()) {
            LogRow row = LogRow.of(ring.next(), l, pretty);
            ring.add(row);
            if (spool != null) {
                spool.add(l);
            }
            if (l.kind() == LogLine.Kind.RESTART) {
                restarted = true;
            }
            if (filtered != null && passes(row)) {
                appendFiltered(row.seq());
            }
            if (search != null && (filtered == null || passes(row)) && search.find(row.text())) {
                appendMatch(row.seq());
            }
        }
        long first = ring.first();
        if (filtered != null) {
            while (fStart < fEnd && filtered[fStart] < first) {
                fStart++;
            }
        }
        int dropped = 0;
        while (dropped < matchCount && matches[dropped] < first) {
            dropped++;
        }
        if (dropped > 0) {
            matches = Arrays.copyOfRange(matches, dropped, Math.max(dropped + 16, matches.length));
            matchCount -= dropped;
        }
    }

    private boolean passes(LogRow row) {
        return filter == null || filter.find(row.text()) != invert;
    }

    private void refilter() {
        if (filter == null) {
            filtered = null;
            fStart = 0;
            fEnd = 0;
            return;
        }
        filtered = new long[1024];
        fStart = 0;
        fEnd = 0;
        for (long s = ring.first(); s < ring.next(); s++) {
            LogRow r = ring.get(s);
            if (r != null && passes(r)) {
                appendFiltered(s);
            }
        }
    }

    private void researchAll() {
        matches = new long[1024];
        matchCount = 0;
        if (search == null) {
            return;
        }
        for (long s = ring.first(); s < ring.next(); s++) {
            LogRow r = ring.get(s);
            if (r != null && (filtered == null || passes(r)) && search.find(r.text())) {
                appendMatch(s);
            }
        }
    }

    /** Appends beyond the published range; a full array is copied anew, so published ranges never change. */
    private void appendFiltered(long seq) {
        if (fEnd == filtered.length) {
            long[] bigger = new long[Math.max(1024, (fEnd - fStart) * 2)];
            System.arraycopy(filtered, fStart, bigger, 0, fEnd - fStart);
            fEnd -= fStart;
            fStart = 0;
            filtered = bigger;
        }
        filtered[fEnd++] = seq;
    }

    private void appendMatch(long seq) {
        if (matchCount == matches.length) {
            matches = Arrays.copyOf(matches, Math.max(1024, matchCount * 2));
        }
        matches[matchCount++] = seq;
    }

    private void publish() {
        latest.set(new LogSnapshot(ring, ring.first(), ring.next(), filtered, fStart, fEnd, matches, matchCount,
                generation, status, restarted));
        if (pulsePending.compareAndSet(false, true)) {
            ui.execute(() -> {
                pulsePending.set(false);
                onSnapshot.accept(latest.get());
            });
        }
    }

    /** Every row held, as received (escapes kept), with its timestamp: what Save writes. Worker-side copy. */
    public java.util.concurrent.CompletableFuture<java.util.List<LogLine>> heldLines() {
        java.util.concurrent.CompletableFuture<java.util.List<LogLine>> f = new java.util.concurrent.CompletableFuture<>();
        worker.execute(() -> {
            java.util.List<LogLine> out = new java.util.ArrayList<>();
            for (long s = ring.first(); s < ring.next(); s++) {
                LogRow r = ring.get(s);
                if (r != null) {
                    out.add(r.line());
                }
            }
            f.complete(out);
        });
        return f;
    }

    @Override
    public void close() {
        worker.execute(() -> {
            if (feed != null) {
                feed.close();
            }
            if (spool != null) {
                spool.close();
            }
        });
        worker.shutdown();
    }
}
