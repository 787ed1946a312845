package dev.wharf.views.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.views.model.TaskRunner;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The edit window the way the desktop app runs it: work on a real background pool, outcomes through
 * {@code Platform.runLater}, and a connector that answers on its own thread (like fabric8's HTTP
 * client or a libvirt worker) a little later.
 */
@ExtendWith(ApplicationExtension.class)
class EditWindowAsyncTest {
    private final ExecutorService pool = TaskRunner.daemonPool();
    /** The connector's own thread: answers come from here, not from the task pool. */
    private final ExecutorService connector = Executors.newSingleThreadExecutor();
    private final EditWindowTest.Server server = new EditWindowTest.Server() {
        @Override
        public CompletableFuture<Definition> load(Item item) {
            return later(super.load(item));
        }

        // the dry run answers at once: its verdict may reach the UI before the diff's rows
        @Override
        public CompletableFuture<Verdict> apply(Definition base, String edited) {
            return later(super.apply(base, edited));
        }
    };

    private <T> CompletableFuture<T> later(CompletableFuture<T> answer) {
        return CompletableFuture.supplyAsync(answer::join, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, connector));
    }

    {
        // a long definition, so that a diff of many changed lines takes a while
        StringBuilder filler = new StringBuilder("  notes:\n");
        for (int i = 0; i < 3000; i++) {
            filler.append("    n").append(i).append(": 1\n");
        }
        server.text = server.text + filler;
    }

    @Start
    void start(Stage stage) {
        new EditWindow(server, TaskRunner.of(pool, Platform::runLater), EditWindowTest.VM, null).open();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        connector.shutdownNow();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#edit-status").queryAs(Label.class).getText();
    }

    private static void until(FxRobot robot, String what, java.util.function.BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theDefinitionLoadsThenAnEditIsReviewedAndApplied(FxRobot robot) throws Exception {
        CodeArea area = robot.lookup("#edit-area").queryAs(CodeArea.class);
        until(robot, "loaded", () -> area.getText().equals(server.text) && !status(robot).startsWith("Loading"));
        assertThat(status(robot)).isEqualTo("No changes yet.");

        robot.interact(() -> area.replaceText(area.getText().replace("cores: 1", "cores: 2").replace(": 1\n", ": 2\n")));
        until(robot, "validated", () -> status(robot).startsWith("Valid YAML"));
        robot.clickOn("#edit-review");
        until(robot, "dry run", () -> status(robot).startsWith("The server accepts"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<SideBySide.Row> diff = robot.lookup("#edit-diff").queryAs(javafx.scene.control.ListView.class);
        until(robot, "diff", () -> !diff.getItems().isEmpty());
        long changed = diff.getItems().stream().filter(r -> r.change() != SideBySide.Change.EQUAL).count();
        assertThat(changed).isGreaterThan(3000);
        assertThat(status(robot)).as("the count of the diff shown, whichever answer came first")
                .isEqualTo("The server accepts this change (dry run; nothing written). " + changed + " lines differ.");
        assertThat(server.applied).isEmpty();

        robot.clickOn("#edit-apply");
        until(robot, "applied", () -> status(robot).startsWith("Applied"));
        assertThat(server.applied).singleElement().asString().contains("cores: 2", "n2999: 2");
    }
}
