package dev.wharf.views.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The watchdog on the real JavaFX thread (headless Monocle): runLater tasks and pulses are measured. */
class FxWatchdogFxTest {
    private static final long MS = 1_000_000L;

    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @Test
    void aRealRunLaterTaskIsMeasuredOnTheFxThreadWithItsLabel() throws Exception {
        List<String> slow = new CopyOnWriteArrayList<>();
        FxWatchdog watchdog = new FxWatchdog(Platform::runLater, System::nanoTime, FxWatchdog.SLOW_NANOS,
                (label, nanos) -> slow.add(label));
        CompletableFuture<Boolean> onFxThread = new CompletableFuture<>();
        watchdog.executor("inventory delta").execute(() -> {
            onFxThread.complete(Platform.isFxApplicationThread());
            sleep(120);
        });
        assertThat(onFxThread.get(30, TimeUnit.SECONDS)).isTrue();
        awaitFx();

        FxWatchdog.Stats tasks = watchdog.tasks();
        assertThat(tasks.count()).isEqualTo(1);
        assertThat(tasks.maxNanos()).as("at least the 120 ms the task slept").isGreaterThanOrEqualTo(120 * MS);
        assertThat(tasks.maxLabel()).isEqualTo("inventory delta");
        assertThat(slow).containsExactly("inventory delta");
    }

    @Test
    void thePulsesOfAWatchedSceneAreMeasured() throws Exception {
        FxWatchdog watchdog = new FxWatchdog();
        Label label = new Label("0");
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(new StackPane(label), 300, 200);
            watchdog.watch(scene);
            stage.setScene(scene);
            stage.show();
            shown.complete(stage);
        });
        Stage stage = shown.get(30, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + 30_000 * MS;
            while (watchdog.pulses().count() < 3 && System.nanoTime() < deadline) {
                Platform.runLater(() -> label.setText(label.getText() + "1")); // needs CSS + layout: a pulse
                Thread.sleep(50);
            }
            FxWatchdog.Stats pulses = watchdog.pulses();
            assertThat(pulses.count()).isGreaterThanOrEqualTo(3);
            assertThat(pulses.maxNanos()).isPositive();
            assertThat(pulses.maxLabel()).isEqualTo(FxWatchdog.PULSE);
        } finally {
            Platform.runLater(stage::hide);
        }
    }

    private static void awaitFx() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(null));
        f.get(30, TimeUnit.SECONDS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
