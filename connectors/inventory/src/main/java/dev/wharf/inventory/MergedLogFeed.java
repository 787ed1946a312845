package dev.wharf.inventory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Several logs as one (kubectl's {@code --all-containers}, a workload's pods): lines merged by
 * timestamp, each with its origin. A line is passed on when every log still open has a later
 * one waiting, or when it has waited {@code holdMillis} (a quiet log must not stall the others);
 * a log read without following passes {@link Long#MAX_VALUE}, which waits for every log to end
 * or to show a later line, so the order is exact.
 */
public final class MergedLogFeed implements LogFeed {
    /** At most this many logs at once, unless the caller says otherwise (a setting). */
    public static final int DEFAULT_MAX_STREAMS = 8;

    private record Waiting(LogLine line, long arrivedNanos) { }

    private final String description;
    private final List<LogFeed> feeds;
    private final long holdNanos;
    private final List<ArrayDeque<Waiting>> queues = new ArrayList<>();
    private final boolean[] ended;
    private final Object lock = new Object();
    private ScheduledExecutorService ticker;
    private Listener listener;
    private WharfException firstError;
    private boolean done;

    public MergedLogFeed(String description, List<LogFeed> feeds, long holdMillis) {
        this.description = description;
        this.feeds = List.copyOf(feeds);
        this.holdNanos = holdMillis == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(holdMillis);
        this.ended = new boolean[this.feeds.size()];
        for (int i = 0; i < this.feeds.size(); i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener l) {
        synchronized (lock) {
            listener = l;
        }
        if (holdNanos != Long.MAX_VALUE) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wharf-log-merge");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::drain, 50, 50, TimeUnit.MILLISECONDS);
        }
        if (feeds.isEmpty()) {
            drain();
        }
        for (int i = 0; i < feeds.size(); i++) {
            int index = i;
            feeds.get(i).start(new Listener() {
                @Override
                public void onLine(LogLine line) {
                    synchronized (lock) {
                        queues.get(index).add(new Waiting(line, System.nanoTime()));
                    }
                    drain();
                }

                @Override
                public void onEnd(WharfException error) {
                    synchronized (lock) {
                        ended[index] = true;
                        if (error != null && firstError == null) {
                            firstError = error;
                        }
                    }
                    drain();
                }
            });
        }
    }

    /** Passes on every line that may go now, in order; ends when every log ended and all is passed. */
    private void drain() {
        synchronized (lock) {
            if (done || listener == null) {
                return;
            }
            while (true) {
                int best = -1;
                boolean someLiveEmpty = false;
                for (int i = 0; i < queues.size(); i++) {
                    Waiting head = queues.get(i).peek();
                    if (head == null) {
                        someLiveEmpty |= !ended[i];
                    } else if (best < 0 || earlier(head.line(), queues.get(best).peek().line())) {
                        best = i;
                    }
                }
                if (best < 0) {
                    if (!someLiveEmpty) {
                        done = true;
                        if (ticker != null) {
                            ticker.shutdownNow();
                        }
                        listener.onEnd(firstError);
                    }
                    return;
                }
                Waiting head = queues.get(best).peek();
                boolean overdue = holdNanos != Long.MAX_VALUE && System.nanoTime() - head.arrivedNanos() >= holdNanos;
                if (someLiveEmpty && head.line().time() != null && !overdue) {
                    return;
                }
                queues.get(best).poll();
                listener.onLine(head.line());
            }
        }
    }

    private static boolean earlier(LogLine a, LogLine b) {
        Instant ta = a.time();
        Instant tb = b.time();
        if (ta == null || tb == null) {
            return ta == null && tb != null;
        }
        return ta.isBefore(tb);
    }

    @Override
    public void close() {
        feeds.forEach(LogFeed::close);
    }
}
