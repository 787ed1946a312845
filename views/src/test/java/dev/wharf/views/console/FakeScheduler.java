package dev.wharf.views.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Time that moves only when a test says so. */
final class FakeScheduler implements Scheduler {
    private long now;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final long at;
        final Runnable run;
        boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Moves the clock on, running what falls due in order. */
    void advance(Duration d) {
        long until = now + d.toMillis();
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.at <= until)
                    .min(Comparator.comparingLong(t -> t.at)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = next.at;
            next.run.run();
        }
        now = until;
    }

    long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
