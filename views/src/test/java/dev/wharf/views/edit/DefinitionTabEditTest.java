package dev.wharf.views.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The details pane's Definition tab → Edit → Review → Apply, and the tab then shows what was written. */
@ExtendWith(ApplicationExtension.class)
class DefinitionTabEditTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final EditWindowTest.Server server = new EditWindowTest.Server();

    /** A source whose definitions are the server's. */
    private final class EditableSource implements Source {
        @Override public String id() { return Items.K8S; }
        @Override public void start() { }
        @Override public CompletableFuture<Void> perform(Item item, Action action) { return CompletableFuture.completedFuture(null); }
        @Override public CompletableFuture<String> describe(Item item) { return CompletableFuture.completedFuture(server.text); }
        @Override public void retry() { }
        @Override public void close() { }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return type == DefinitionEditor.class ? Optional.of(type.cast(server)) : Optional.empty();
        }
    }

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        MainWindow window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of(new EditableSource())),
                TaskRunner.synchronous(), Runnable::run, Runnable::run, theme, null, () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putAll(Items.ALL);
        Scene scene = new Scene(window, 1200, 760);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void afterApplyTheDefinitionTabShowsTheNewDefinition(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.VM.id()));
        WaitForAsyncUtils.waitForFxEvents();
        TextArea raw = robot.lookup("#details-raw").queryAs(TextArea.class);
        assertThat(raw.getText()).contains("cores: 1");
        assertThat(robot.lookup("#details-edit").queryButton().isDisabled()).isFalse();

        robot.interact(() -> robot.lookup("#details-edit").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        CodeArea area = robot.lookup("#edit-area").queryAs(CodeArea.class);
        robot.interact(() -> area.replaceText(area.getText().replace("cores: 1", "cores: 2")));
        robot.interact(() -> robot.lookup("#edit-review").queryButton().fire());
        robot.interact(() -> robot.lookup("#edit-apply").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(server.applied).hasSize(1);
        assertThat(raw.getText()).as("reloaded after the apply").contains("cores: 2").doesNotContain("cores: 1");
    }
}
