package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> performed = new CopyOnWriteArrayList<>();
    private final List<String> retried = new CopyOnWriteArrayList<>();
    private MainWindow window;
    private ThemeController theme;

    private final class FakeSource implements Source {
        private final String id;

        FakeSource(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            performed.add(action.wire() + " " + item.name());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> describe(Item item) {
            return CompletableFuture.completedFuture("kind: VirtualMachine\nname: " + item.name());
        }

        @Override
        public void retry() {
            retried.add(id);
        }

        @Override
        public void close() {
        }
    }

    @Start
    void start(Stage stage) {
        theme = new ThemeController(false);
        window = new MainWindow(new MainWindow.Deps(vm,
                Backend.of(List.of(new FakeSource(Items.K8S), new FakeSource(Items.LV))), TaskRunner.synchronous(),
                Runnable::run, Runnable::run, theme, "the lab's notice", () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(Items.ALL);
        Scene scene = new Scene(window, 1200, 760);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void topologyAndTableShowTheSameItemsAndFiltersNarrowBoth(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.topology().model().cell(Items.VM.id())).isPresent();
        robot.interact(window::showTable);
        assertThat(window.table().getItems()).contains(Items.VM, Items.WEB).doesNotContain(Items.LAUNCHER);
        assertThat(robot.lookup("#lab-banner").tryQuery()).isPresent();

        robot.interact(() -> vm.setFilter(ItemFilter.ALL.withKinds(Set.of(Kind.MICROVM))));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.table().getItems()).containsExactly(Items.SANDBOX);
        robot.interact(window::showTopology);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.topology().model().cellCount()).isEqualTo(1);
        assertThat(window.topology().model().cell(Items.SANDBOX.id())).isPresent();

        robot.interact(() -> vm.setFilter(ItemFilter.ALL));
        robot.clickOn("#search").write("web");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.topology().model().cellCount()).isEqualTo(1);
        assertThat(window.topology().model().cell(Items.WEB.id())).isPresent();
        robot.interact(window::showTable);
        assertThat(window.table().getItems()).containsExactly(Items.WEB);
    }

    @Test
    void selectingInTheTopologySelectsInTheTableAndShowsDetails(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.topology().fit());
        WaitForAsyncUtils.waitForFxEvents();
        Point2D local = window.topology().pointOf(Items.VM.id()).orElseThrow();
        assertThat(window.topology().itemAt(local.getX(), local.getY())).contains(Items.VM);
        robot.clickOn(window.topology().localToScreen(local));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selected()).isEqualTo(Items.VM);
        robot.interact(window::showTable);
        assertThat(window.table().getSelectionModel().getSelectedItem()).isEqualTo(Items.VM);
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("db");
        assertThat(window.details().rawText()).contains("name: db");

        robot.interact(() -> window.table().getSelectionModel().select(Items.WEB));
        assertThat(vm.selected()).isEqualTo(Items.WEB);
    }

    @Test
    void deleteAsksToTypeTheNameBeforeItRuns(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.VM.id()));
        robot.clickOn("#topology");
        robot.interact(() -> vm.select(Items.VM.id()));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        TextField typed = robot.lookup("#confirm-name").queryAs(TextField.class);
        Button delete = robot.lookup(".confirm-dialog .danger").queryButton();
        assertThat(delete.isDisabled()).isTrue();
        robot.interact(() -> typed.setText("d"));
        assertThat(delete.isDisabled()).isTrue();
        robot.interact(() -> typed.setText("db"));
        assertThat(delete.isDisabled()).isFalse();
        robot.clickOn(delete);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("delete db");
    }

    @Test
    void enterInTheDeleteDialogConfirmsOnceTheNameMatches(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#topology");
        robot.interact(() -> vm.select(Items.VM.id()));
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        TextField typed = robot.lookup("#confirm-name").queryAs(TextField.class);
        robot.clickOn(typed).write("db");
        assertThat(typed.getText()).isEqualTo("db");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("delete db");
    }

    @Test
    void theCommandPaletteRunsAnActionOnTheItemTyped(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#topology");
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.palette().query().setText("pause db"));
        assertThat(window.palette().entries().get(0).label()).isEqualTo("Pause: db");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("pause db");
    }

    @Test
    void thePaletteFindsTheApplicationsCommands(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#topology");
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.palette().query().setText("theme"));
        assertThat(window.palette().entries().get(0).label()).isEqualTo("Switch theme (light / dark)");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(theme.isDark()).isTrue();

        robot.interact(() -> vm.setFilter(ItemFilter.ALL.withText("web").withStates(Set.of(dev.wharf.inventory.State.RUNNING))));
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        robot.interact(() -> window.palette().query().setText("table"));
        assertThat(window.palette().entries().get(0).label()).isEqualTo("Show the table");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.table().isVisible()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        robot.interact(() -> window.palette().query().setText("clear"));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.filter().isEmpty()).isTrue();
    }

    @Test
    void aSourceErrorShowsItsMessageAndRetryReachesTheSource(FxRobot robot) {
        inventory.putSource(Items.K8S_INFO.with(SourceStatus.ERROR,
                "The API server https://10.0.0.1:6443 refused the connection: check that the cluster runs."));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".source-message").queryLabeled().getText()).contains("refused the connection");
        robot.clickOn("#retry-" + SourcesSidebar.cssId(Items.K8S));
        assertThat(retried).containsExactly(Items.K8S);
    }
}
