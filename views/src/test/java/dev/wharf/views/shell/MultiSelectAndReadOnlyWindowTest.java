package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window with the Kubernetes source read-only and the libvirt one writable: Ctrl click and a
 * rubber band in the topology select several; the details summarise them; READ-ONLY shows on the
 * source and the selection, and no action is offered for its items.
 */
@ExtendWith(ApplicationExtension.class)
class MultiSelectAndReadOnlyWindowTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> performed = new CopyOnWriteArrayList<>();
    private MainWindow window;

    private Source source(String id) {
        return new Source() {
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
            public void close() {
            }
        };
    }

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        List<Source> all = List.of(source(Items.K8S), source(Items.LV));
        Backend backend = new Backend(id -> all.stream().filter(s -> s.id().equals(id)).findFirst(), Items.K8S::equals);
        window = new MainWindow(new MainWindow.Deps(vm, backend, TaskRunner.synchronous(), Runnable::run, Runnable::run,
                theme, null, () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(Items.ALL);
        Scene scene = new Scene(window, 1200, 760);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private Point2D screen(String id) {
        Point2D p = window.topology().pointOf(id).orElseThrow(() -> new AssertionError("not drawn: " + id));
        return window.topology().localToScreen(p);
    }

    @Test
    void ctrlClickAddsInTheTopologyAndTheDetailsCountByKindAndState(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.topology().fit());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(screen(Items.WEB.id()));
        robot.press(KeyCode.CONTROL).clickOn(screen(Items.VM.id())).clickOn(screen(Items.PENDING.id())).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selection().ids()).containsExactlyInAnyOrder(Items.WEB.id(), Items.VM.id(), Items.PENDING.id());
        assertThat(vm.selected()).isEqualTo(vm.item(Items.PENDING.id()).orElseThrow());
        assertThat(robot.lookup("#summary-title").queryLabeled().getText()).isEqualTo("3 selected");
        List<String> kinds = robot.lookup("#summary-kinds .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(kinds).containsExactly("2", "pods", "1", "VM");
        List<String> states = robot.lookup("#summary-states .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(states).containsExactly("2", "Running", "1", "Pending");
        assertThat(robot.lookup("#summary-read-only").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#summary-read-only").queryLabeled().getText()).startsWith("READ-ONLY · 3 of them");

        // Ctrl click on a selected one removes it; a plain click selects one alone
        robot.press(KeyCode.CONTROL).clickOn(screen(Items.VM.id())).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selection().ids()).containsExactlyInAnyOrder(Items.WEB.id(), Items.PENDING.id());
        robot.clickOn(screen(Items.VM.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selection().ids()).containsExactly(Items.VM.id());
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("db");
    }

    @Test
    void aShiftDragDrawsARubberBandThatSelectsWhatItTouches(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.topology().fit());
        WaitForAsyncUtils.waitForFxEvents();
        // a band inside web-1's chip selects it alone; with Ctrl, a band inside pay-1's adds it
        Point2D web = screen(Items.WEB.id());
        robot.press(KeyCode.SHIFT).moveTo(web).press(MouseButton.PRIMARY).moveTo(web.add(12, 2)).moveTo(web.add(24, 4))
                .release(MouseButton.PRIMARY).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selection().ids()).containsExactly(Items.WEB.id());
        Point2D pay = screen(Items.SANDBOX.id());
        robot.press(KeyCode.CONTROL).moveTo(pay).press(MouseButton.PRIMARY).moveTo(pay.add(12, 2)).moveTo(pay.add(24, 4))
                .release(MouseButton.PRIMARY).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selection().ids()).containsExactly(Items.WEB.id(), Items.SANDBOX.id());
        assertThat(robot.lookup(".rubber-band").query().isVisible()).as("the band is gone after the release").isFalse();
        robot.interact(window::showTable);
        assertThat(window.table().getSelectionModel().getSelectedItems()).extracting(Item::name)
                .containsExactlyInAnyOrder("web-1", "pay-1");
    }

    @Test
    void aReadOnlySourceSaysSoAndOffersNoAction(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#sidebar .read-only-badge").queryAllAs(Label.class)).as("one card: the Kubernetes one")
                .singleElement().extracting(Label::getText).isEqualTo("READ-ONLY");
        robot.interact(() -> vm.select(Items.VM.id()));
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("db");
        Label badge = robot.lookup(".details .read-only-badge").queryAs(Label.class);
        assertThat(badge.isVisible()).isTrue();
        assertThat(robot.lookup("#selection-actions .action-button").tryQuery()).as("no action offered").isEmpty();
        assertThat(window.actions().choices(Items.VM)).isEmpty();
        // the libvirt host is writable: its VM offers its actions, and no READ-ONLY on it
        robot.interact(() -> vm.select(Items.NODE_VM.id()));
        assertThat(robot.lookup(".details .read-only-badge").queryAs(Label.class).isVisible()).isFalse();
        // even a request that bypasses the menus is refused at the backend
        robot.interact(() -> window.actions().request(Items.VM, Action.STOP));
        assertThat(performed).isEmpty();
        Optional<Label> note = robot.lookup(".toast-message").tryQueryAs(Label.class);
        assertThat(note).isPresent();
        assertThat(note.get().getText()).contains("read-only");
    }
}
