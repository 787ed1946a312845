package dev.wharf.views.console;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The JavaFX toolkit for tests (headless Monocle, from the surefire argLine). */
final class Fx {
    private static boolean started;

    private Fx() {
    }

    /** Starts the toolkit through TestFX, so that TestFX tests in the same JVM share it in any order. */
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

    /** Runs on the JavaFX thread and waits for the result. */
    static <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    static void run(Runnable task) throws Exception {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Waits until {@code condition} holds (checked on the JavaFX thread), up to 10 s. */
    static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!call(condition::getAsBoolean)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
