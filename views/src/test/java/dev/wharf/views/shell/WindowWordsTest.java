package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.views.actions.ActionMenus;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.model.ShownKind;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What the window calls things: gVisor pods are sandboxes, the legend has headings, menus say what the buttons say. */
@ExtendWith(ApplicationExtension.class)
class WindowWordsTest {
    /** A gVisor pod: a microVM by the JSON contract, a sandbox in the window. */
    static final Item GVISOR = Item.builder(Items.K8S + "|microvm/ci/gv-1", Items.K8S, Kind.MICROVM, "gv-1")
            .namespace("ci").state(State.RUNNING).isolation(Isolation.SANDBOX).runtime("runsc")
            .on(Items.NODE_B.id()).consoles(List.of(ConsoleType.EXEC, ConsoleType.ATTACH)).build();
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
        List<Item> all = new ArrayList<>(Items.ALL);
        all.add(GVISOR);
        inventory.putAll(all);
        Scene scene = new Scene(window, 1200, 760);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static List<String> texts(FxRobot robot, String query) {
        return robot.lookup(query).queryAll().stream().filter(n -> n instanceof Labeled)
                .map(n -> ((Labeled) n).getText()).toList();
    }

    @Test
    void aGvisorPodIsCountedAndFilteredAsASandboxNotAMicroVm(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(texts(robot, ".status-kind")).contains("1 microVM", "1 sandbox");
        assertThat(vm.countsProperty().get().kind(ShownKind.SANDBOX)).isEqualTo(1);
        assertThat(vm.countsProperty().get().kind(ShownKind.MICROVM)).isEqualTo(1);
        robot.interact(() -> vm.setFilter(ItemFilter.ALL.withShownKinds(Set.of(ShownKind.SANDBOX))));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.visibleItems()).containsExactly(GVISOR);
        assertThat(texts(robot, ".status-kind")).containsExactly("1 sandbox");
        robot.interact(() -> vm.setFilter(ItemFilter.ALL.withText("sandbox")));
        assertThat(vm.visibleItems()).contains(GVISOR);
        robot.interact(() -> {
            vm.setFilter(ItemFilter.ALL);
            vm.select(GVISOR.id());
        });
        assertThat(robot.lookup(".details-subtitle").queryLabeled().getText()).startsWith("Sandbox in ci");
    }

    @Test
    void theLegendNamesItsGroups(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(texts(robot, ".legend-heading")).containsExactly("Kinds", "Isolation");
        assertThat(texts(robot, ".legend-item")).startsWith("Pod", "Sandbox", "microVM", "VM");
    }

    @Test
    void theContextMenuNamesConsolesAsTheButtonsDo(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> menu = new ArrayList<>();
        robot.interact(() -> {
            ContextMenu m = ActionMenus.contextMenu(GVISOR, window.actions(), (i, t) -> { }, () -> { });
            m.getItems().stream().map(MenuItem::getText).forEach(menu::add);
        });
        assertThat(menu).contains("Shell", "Attach").noneMatch(s -> s != null && s.startsWith("Open"));
        robot.interact(() -> vm.select(GVISOR.id()));
        assertThat(texts(robot, ".details-actions .button")).contains("Shell", "Attach");
    }
}
