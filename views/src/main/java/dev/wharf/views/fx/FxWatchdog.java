package dev.wharf.views.fx;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

import javafx.application.Platform;
import javafx.scene.Scene;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the JavaFX thread: times every task Wharf posts to it (each with a label saying what it
 * was: "inventory delta", "console output", …) and the CSS + layout part of each pulse of the
 * scenes it watches. Keeps the longest of each (with its label) and the recent durations for
 * percentiles, for benchmarks; a task or pulse over 50 ms is reported to a listener, by default
 * a DEBUG log line (shown with {@code --debug}).
 *
 * <p>Post through {@link #executor(String)} instead of {@code Platform::runLater}. Costs two
 * {@code nanoTime} calls per task.
 */
public final class FxWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(FxWatchdog.class);
    /** What counts as a slow task or pulse: a visible hitch. */
    public static final long SLOW_NANOS = 50_000_000L;
    /** Percentiles are over the most recent durations, this many of each. */
    static final int WINDOW = 8192;
    static final String PULSE = "pulse (CSS + layout)";

    private final Executor fxThread;
    private final LongSupplier clock;
    private final long slowNanos;
    private final ObjLongConsumer<String> onSlow;
    private final Series tasks = new Series();
    private final Series pulses = new Series();

    /** On the real FX thread ({@code Platform.runLater}), slow work logged at DEBUG. */
    public FxWatchdog() {
        this(Platform::runLater, System::nanoTime, SLOW_NANOS, FxWatchdog::logSlow);
    }

    /**
     * @param fxThread  how to reach the FX thread ({@code Platform::runLater}; direct in tests)
     * @param clock     nanoseconds ({@code System::nanoTime}; a fake one in tests)
     * @param slowNanos a task or pulse longer than this is reported to {@code onSlow}
     * @param onSlow    gets the label and the duration in nanoseconds of each slow one
     */
    public FxWatchdog(Executor fxThread, LongSupplier clock, long slowNanos, ObjLongConsumer<String> onSlow) {
        this.fxThread = Objects.requireNonNull(fxThread);
        this.clock = Objects.requireNonNull(clock);
        this.slowNanos = slowNanos;
        this.onSlow = Objects.requireNonNull(onSlow);
    }

    /** An executor that runs each task on the FX thread, timed under {@code label}. */
    public Executor executor(String label) {
        Objects.requireNonNull(label);
        return task -> fxThread.execute(timed(label, task));
    }

    /** {@code task}, timed under {@code label} when it runs. */
    public Runnable timed(String label, Runnable task) {
        Objects.requireNonNull(task);
        return () -> {
            long start = clock.getAsLong();
            try {
                task.run();
            } finally {
                record(tasks, label, clock.getAsLong() - start);
            }
        };
    }

    /** Times the CSS and layout pass of each pulse of {@code scene}. Call on the FX thread. */
    public void watch(Scene scene) {
        long[] start = {0};
        scene.addPreLayoutPulseListener(() -> start[0] = clock.getAsLong());
        scene.addPostLayoutPulseListener(() -> record(pulses, PULSE, clock.getAsLong() - start[0]));
    }

    /** The tasks posted through this watchdog so far (since {@link #reset()}). */
    public Stats tasks() {
        return tasks.stats();
    }

    /** The pulses of the watched scenes so far (since {@link #reset()}). */
    public Stats pulses() {
        return pulses.stats();
    }

    /** Forgets what was measured (a benchmark between phases). */
    public void reset() {
        tasks.reset();
        pulses.reset();
    }

    private void record(Series series, String label, long nanos) {
        series.add(label, nanos);
        if (nanos > slowNanos) {
            onSlow.accept(label, nanos);
        }
    }

    private static void logSlow(String label, long nanos) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(String.format(Locale.ROOT, "the FX thread was busy %.0f ms: %s", nanos / 1e6, label));
        }
    }

    /** Durations of one kind: count, p50, p99 (of the most recent {@value #WINDOW}), the longest and what it was. */
    public record Stats(long count, long p50Nanos, long p99Nanos, long maxNanos, String maxLabel) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s", count, p50Nanos / 1e6,
                    p99Nanos / 1e6, maxNanos / 1e6, maxLabel == null ? "" : " (" + maxLabel + ")");
        }
    }

    /** Written on the FX thread, read by a benchmark's thread: one lock, never contended for long. */
    private static final class Series {
        private final long[] recent = new long[WINDOW];
        private long count;
        private long max;
        private String maxLabel;

        synchronized void add(String label, long nanos) {
            recent[(int) (count % WINDOW)] = nanos;
            count++;
            if (nanos > max || maxLabel == null) {
                max = Math.max(max, nanos);
                maxLabel = label;
            }
        }

        synchronized Stats stats() {
            if (count == 0) {
                return new Stats(0, 0, 0, 0, null);
            }
            long[] sorted = Arrays.copyOf(recent, (int) Math.min(count, WINDOW));
            Arrays.sort(sorted);
            return new Stats(count, percentile(sorted, 0.50), percentile(sorted, 0.99), max, maxLabel);
        }

        synchronized void reset() {
            count = 0;
            max = 0;
            maxLabel = null;
        }

        private static long percentile(long[] sorted, double p) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
        }
    }
}
