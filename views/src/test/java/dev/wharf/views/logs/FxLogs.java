package dev.wharf.views.logs;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/** The JavaFX toolkit for the log viewer's tests (headless Monocle, from the surefire argLine). */
final class FxLogs {
    private static boolean started;

    private FxLogs() {
    }

    static synchronized void start() {
        if (!started) {
            try {
                org.testfx.api.FxToolkit.registerPrimaryStage();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the JavaFX toolkit did not start", e);
            }
            Platform.setImplicitExit(false);
            started = true;
        }
    }

    static <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(20, TimeUnit.SECONDS);
    }

    static void run(Runnable task) throws Exception {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Waits until {@code condition} holds on the JavaFX thread (up to 30 s). */
    static void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s");
            }
            Thread.sleep(30);
        }
    }
}
