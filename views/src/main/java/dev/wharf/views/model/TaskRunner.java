package dev.wharf.views.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The one way views run long work: {@code work} starts on a background thread and its outcome
 * is handed to {@code done} on the UI thread. Tests use {@link #synchronous()}.
 */
public interface TaskRunner {

    <T> void run(Supplier<CompletableFuture<T>> work, BiConsumer<T, Throwable> done);

    /** Runs {@code r} on the UI thread. */
    void onUi(Runnable r);

    /** Everything inline on the caller's thread, for tests. */
    static TaskRunner synchronous() {
        return of(Runnable::run, Runnable::run);
    }

    /** Work on {@code background}, outcomes on {@code ui}. */
    static TaskRunner of(Executor background, Executor ui) {
        return new TaskRunner() {
            @Override
            public <T> void run(Supplier<CompletableFuture<T>> work, BiConsumer<T, Throwable> done) {
                CompletableFuture.supplyAsync(work, background)
                        .thenCompose(f -> f)
                        .whenComplete((v, e) -> ui.execute(() -> done.accept(v, unwrap(e))));
            }

            @Override
            public void onUi(Runnable r) {
                ui.execute(r);
            }
        };
    }

    /** A pool of daemon threads named {@code wharf-task-N}. */
    static ExecutorService daemonPool() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wharf-task");
            t.setDaemon(true);
            return t;
        });
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
