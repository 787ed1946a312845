package dev.wharf.views.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The watchdog's bookkeeping with a fake clock and a queue standing in for the FX thread. */
class FxWatchdogTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong();
    private final ConcurrentLinkedQueue<Runnable> fxQueue = new ConcurrentLinkedQueue<>();
    private final List<String> slow = new ArrayList<>();
    private final FxWatchdog watchdog = new FxWatchdog(fxQueue::add, now::get, FxWatchdog.SLOW_NANOS,
            (label, nanos) -> slow.add(label + " " + nanos / MS + " ms"));

    private void runFxQueue() {
        for (Runnable r; (r = fxQueue.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void aSlowTaskIsReportedWithItsLabelAndIsTheLongest() {
        Executor deltas = watchdog.executor("inventory delta");
        Executor console = watchdog.executor("console output");
        deltas.execute(() -> now.addAndGet(3 * MS));
        console.execute(() -> now.addAndGet(80 * MS));
        deltas.execute(() -> now.addAndGet(5 * MS));
        assertThat(watchdog.tasks().count()).as("nothing ran yet: the tasks wait for the FX thread").isZero();

        runFxQueue();

        assertThat(slow).containsExactly("console output 80 ms");
        FxWatchdog.Stats tasks = watchdog.tasks();
        assertThat(tasks.count()).isEqualTo(3);
        assertThat(tasks.maxNanos()).isEqualTo(80 * MS);
        assertThat(tasks.maxLabel()).isEqualTo("console output");
        assertThat(tasks.p50Nanos()).isEqualTo(5 * MS);
        assertThat(tasks.toString()).contains("max 80.0 ms (console output)");
    }

    @Test
    void tasksUnderTheThresholdAreNotReported() {
        watchdog.executor("inventory delta").execute(() -> now.addAndGet(50 * MS));
        runFxQueue();
        assertThat(slow).isEmpty();
        assertThat(watchdog.tasks().maxNanos()).isEqualTo(50 * MS);
    }

    @Test
    void aTaskThatThrowsIsStillMeasured() {
        Runnable failing = watchdog.timed("details", () -> {
            now.addAndGet(70 * MS);
            throw new IllegalStateException("boom");
        });
        try {
            failing.run();
        } catch (IllegalStateException expected) {
            // the FX thread's handler would get it
        }
        assertThat(slow).containsExactly("details 70 ms");
        assertThat(watchdog.tasks().count()).isEqualTo(1);
    }

    @Test
    void percentilesAndResetForABenchmarksPhases() {
        Executor ex = watchdog.executor("task");
        for (int i = 1; i <= 100; i++) {
            long d = i * MS;
            ex.execute(() -> now.addAndGet(d));
        }
        runFxQueue();
        FxWatchdog.Stats s = watchdog.tasks();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Nanos()).isEqualTo(50 * MS);
        assertThat(s.p99Nanos()).isEqualTo(99 * MS);
        assertThat(s.maxNanos()).isEqualTo(100 * MS);
        assertThat(slow).hasSize(50);

        watchdog.reset();
        assertThat(watchdog.tasks().count()).isZero();
        assertThat(watchdog.tasks().maxLabel()).isNull();
    }
}
