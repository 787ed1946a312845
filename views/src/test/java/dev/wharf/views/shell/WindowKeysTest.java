package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;

import java.util.List;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's keys: `/` to search, Escape and Enter in the search box, Enter on a selection. */
@ExtendWith(ApplicationExtension.class)
class WindowKeysTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                Runnable::run, Runnable::run, theme, null, () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(Items.ALL);
        Scene scene = new Scene(window, 1200, 760);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private TextField search(FxRobot robot) {
        return robot.lookup("#search").queryAs(TextField.class);
    }

    @Test
    void slashFocusesTheSearchWithoutTypingItself(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#topology");
        robot.type(KeyCode.SLASH);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(search(robot).isFocused()).isTrue();
        robot.write("pay");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(search(robot).getText()).isEqualTo("pay");
        assertThat(vm.visibleItems()).containsExactly(Items.SANDBOX);
    }

    @Test
    void escapeClearsTheSearchAndEnterSelectsTheFirstMatch(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#search");
        robot.interact(() -> search(robot).setText("web"));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(search(robot).getText()).isEmpty();
        assertThat(vm.filter().text()).isEmpty();

        robot.interact(() -> search(robot).setText("db"));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selected()).isEqualTo(Items.VM);
    }

    @Test
    void enterOnASelectionShowsItsOverviewAndOutlinesThePane(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.VM.id()));
        robot.clickOn("Definition");
        robot.clickOn("#topology"); // empty space: clears the selection
        robot.interact(() -> vm.select(Items.VM.id()));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.details().selectedTab()).isEqualTo("Overview");
        Node focus = window.getScene().getFocusOwner();
        assertThat(isInside(focus, window.details())).as("focus in the details, not " + focus).isTrue();
        assertThat(window.details().isFocusWithin()).as("the pane is outlined while it has the focus").isTrue();
    }

    private static boolean isInside(Node n, Node parent) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == parent) {
                return true;
            }
        }
        return false;
    }
}
