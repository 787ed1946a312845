package dev.wharf.views.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.console.JediTermWidget;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The details pane says each fact once, counts what the topology draws, and gives a VM node its console. */
@ExtendWith(ApplicationExtension.class)
class DetailsFactsTest {
    private static final String UUID = "5d3b4c2a-1111-4e8b-9c0d-0123456789ab";
    /** The libvirt domain that is node-a, with a serial console; libvirt lists the UUID among its properties too. */
    private static final Item NODE_VM = Items.NODE_VM.toBuilder().uuid(UUID).consoles(List.of(ConsoleType.SERIAL))
            .property("UUID", UUID).property("vCPUs", "2").build();
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                Runnable::run, Runnable::run, theme, null, () -> { }, null,
                opener -> new ConsoleTabs((item, request) -> {
                    opened.add(item.name());
                    return new CompletableFuture<>();
                }, JediTermWidget::new, v -> f -> null)));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        List<Item> all = new ArrayList<>(Items.ALL);
        all.remove(Items.NODE_VM);
        all.add(NODE_VM);
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
    void aLibvirtVmShowsItsUuidOnce(FxRobot robot) {
        robot.interact(() -> vm.select(NODE_VM.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(texts(robot, ".prop-key")).containsOnlyOnce("UUID").contains("vCPUs");
    }

    @Test
    void aNodeCountsWhatItsFrameDrawsAndNamesThePodsItsVmsOwn(FxRobot robot) {
        robot.interact(() -> vm.select(Items.NODE_B.id()));
        WaitForAsyncUtils.waitForFxEvents();
        String frame = window.topology().model().group(Items.NODE_B.id()).orElseThrow().counts().kindSummary();
        assertThat(robot.lookup("#details-runs").queryLabeled().getText())
                .isEqualTo("Runs " + frame + " (and 1 pod owned by its VMs)");
    }

    @Test
    void aNodeThatIsAVmHasAConsoleButtonOpeningItsVmsConsole(FxRobot robot) {
        robot.interact(() -> vm.select(Items.NODE_A.id()));
        WaitForAsyncUtils.waitForFxEvents();
        Button console = robot.lookup("#details-vm-console").queryButton();
        assertThat(console.getText()).isEqualTo("Console");
        robot.clickOn(console);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(300, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(opened).containsExactly(NODE_VM.name());
    }
}
