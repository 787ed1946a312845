package dev.wharf.views.console;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Timers for the console view model; tests use a fake one they advance by hand. */
public interface Scheduler {

    /** A task that can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    /** Runs {@code task} after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Milliseconds on a monotonic clock. */
    long nowMillis();

    /**
     * Real time: one daemon timer thread; tasks hop to {@code ui} to run (so the view model's
     * state is only touched there). {@link #shutdown()} when done.
     */
    static Real real(Executor ui) {
        return new Real(ui);
    }

    /** The real-time scheduler. */
    final class Real implements Scheduler {
        private final ScheduledExecutorService timer;
        private final Executor ui;

        private Real(Executor ui) {
            this.ui = ui;
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "console-timer");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            this.timer = t;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            var f = timer.schedule(() -> ui.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public long nowMillis() {
            return System.nanoTime() / 1_000_000;
        }

        public void shutdown() {
            timer.shutdownNow();
        }
    }
}
