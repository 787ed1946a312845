package dev.wharf.views.console;

import javafx.application.Platform;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks on the JavaFX thread, coalesced: a queue and at most one pending
 * {@code Platform.runLater}, however many tasks connector threads post. Never blocks the caller.
 */
public final class FxCoalescer implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Executor runLater;

    public FxCoalescer() {
        this(Platform::runLater);
    }

    /** @param runLater how to get onto the UI thread (tests count the calls) */
    FxCoalescer(Executor runLater) {
        this.runLater = runLater;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (pending.compareAndSet(false, true)) {
            runLater.execute(this::drain);
        }
    }

    private void drain() {
        pending.set(false);
        for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
            r.run();
        }
    }
}
