package dev.wharf.views.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.TargetedMigration;
import dev.wharf.views.fixtures.ExplainItems;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In the main window: the drain confirmation lists what will be evicted, then shows each outcome; migrate asks where. */
@ExtendWith(ApplicationExtension.class)
class DrainAndMigrateDialogTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private MainWindow window;

    static final Drainer.Plan PLAN = new Drainer.Plan("node-a", List.of("shop/db-0", "shop/payments-7f6c9d8b5-5mxkq"),
            List.of(new Drainer.Skipped("kube-system/kube-proxy-x2k4", "DaemonSet pod (its DaemonSet would put it back)")));
    static final String REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final class FakeSource implements Source, Drainer, TargetedMigration {
        @Override public String id() { return Items.K8S; }
        @Override public void start() { }
        @Override public void close() { }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            calls.add(action.wire() + " " + item.name());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
        }

        @Override
        public CompletableFuture<Plan> planDrain(Item node) {
            calls.add("plan " + node.name());
            return CompletableFuture.completedFuture(PLAN);
        }

        @Override
        public CompletableFuture<List<Outcome>> drain(Item node, Consumer<Outcome> progress) {
            calls.add("drain " + node.name());
            return CompletableFuture.supplyAsync(() -> {
                List<Outcome> out = new ArrayList<>();
                Outcome refused = new Outcome("shop/db-0", Result.REFUSED, REFUSAL);
                progress.accept(refused);
                out.add(refused);
                release.join(); // the test looks at the dialog mid-drain
                Outcome evicted = new Outcome("shop/payments-7f6c9d8b5-5mxkq", Result.EVICTED, "");
                progress.accept(evicted);
                out.add(evicted);
                return out;
            });
        }

        @Override
        public List<String> migrationTargets(Item vm) {
            return List.of("node-a", "node-c");
        }

        @Override
        public CompletableFuture<Void> migrate(Item vm, String node) {
            calls.add("migrate " + vm.name() + " to " + node);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        TaskRunner runner = TaskRunner.of(TaskRunner.daemonPool(), Platform::runLater);
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of(new FakeSource())), runner,
                Runnable::run, Runnable::run, theme, null, () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(Items.ALL);
        inventory.put(ExplainItems.pressuredNode());
        Scene scene = new Scene(window, 1200, 800);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static List<String> texts(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            out.add(l.getText());
        }
        if (n instanceof javafx.scene.control.ScrollPane s && s.getContent() != null) {
            collect(s.getContent(), out);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void drainConfirmationListsWhatWillBeEvictedThenShowsWhatWasRefusedAndWhy(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.NODE_A.id()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#details-actions #action-drain").tryQuery()
                .orElseGet(() -> robot.lookup("#action-drain").query()));
        waitFor(() -> robot.lookup("#drain-dialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#drain-dialog").queryAs(DialogPane.class);
        assertThat(pane.getHeaderText()).isEqualTo("Drain node \u201cnode-a\u201d?");
        List<String> shown = texts(pane);
        assertThat(shown).containsSubsequence("Will be evicted (2):", "shop/db-0", "shop/payments-7f6c9d8b5-5mxkq",
                "Left in place (1):", "kube-system/kube-proxy-x2k4 \u2014 DaemonSet pod (its DaemonSet would put it back)");
        assertThat(calls).as("nothing happens before the user confirms").containsExactly("plan node-a");

        robot.clickOn(robot.lookup(".drain-dialog .danger").queryButton());
        waitFor(() -> texts(pane).contains("Refused: " + REFUSAL));
        assertThat(pane.getHeaderText()).isEqualTo("Draining node \u201cnode-a\u201d");
        assertThat(vm.busy()).contains(Items.NODE_A.id());
        release.complete(null);
        waitFor(() -> texts(pane).contains("Evicted"));
        waitFor(() -> pane.getHeaderText().startsWith("Drained"));
        assertThat(robot.lookup("#drain-status").queryLabeled().getText()).isEqualTo("node-a is cordoned; 1 pod evicted, "
                + "1 refused by a disruption budget (shop/db-0): drain again when its budget allows.");
        assertThat(calls).containsExactly("plan node-a", "drain node-a");
        assertThat(vm.busy()).doesNotContain(Items.NODE_A.id());
        robot.interact(() -> pane.getScene().getWindow().hide());
    }

    @Test
    void migrateAsksForTheTargetNode(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.VM.id()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.actions().request(vm.selected(), Action.MIGRATE));
        waitFor(() -> robot.lookup("#migrate-targets").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ListView<String> targets = robot.lookup("#migrate-targets").queryAs(ListView.class);
        assertThat(targets.getItems()).containsExactly(MigrateDialog.ANY, "node-a", "node-c");
        robot.interact(() -> targets.getSelectionModel().select("node-c"));
        Button go = robot.lookup("#migrate-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> "Migrate".equals(b.getText())).findFirst().orElseThrow();
        robot.clickOn(go);
        waitFor(() -> calls.contains("migrate db to node-c"));
        assertThat(calls).containsExactly("migrate db to node-c");
    }

    @Test
    void theContextMenuCopiesNameIdAndUuid(FxRobot robot) {
        Item withUuid = Items.NODE_VM.toBuilder().uuid("5d3b4c2a-1111-4e8b-9c0d-0123456789ab").build();
        ContextMenu[] menu = new ContextMenu[1];
        robot.interact(() -> menu[0] = ActionMenus.contextMenu(withUuid, window.actions(), (i, t) -> { }, () -> { }));
        List<String> labels = menu[0].getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertThat(labels).contains("Copy name", "Copy id", "Copy UUID");
        for (String id : List.of("copy-name", "copy-id", "copy-uuid")) {
            MenuItem mi = menu[0].getItems().stream().filter(m -> id.equals(m.getId())).findFirst().orElseThrow();
            String[] got = new String[1];
            robot.interact(() -> {
                mi.fire();
                got[0] = Clipboard.getSystemClipboard().getString();
            });
            assertThat(got[0]).isEqualTo(switch (id) {
                case "copy-name" -> "node-a-vm";
                case "copy-id" -> withUuid.id();
                default -> "5d3b4c2a-1111-4e8b-9c0d-0123456789ab";
            });
        }
        robot.interact(() -> menu[0] = ActionMenus.contextMenu(Items.WEB, window.actions(), (i, t) -> { }, () -> { }));
        assertThat(menu[0].getItems()).as("no UUID, no entry").extracting(MenuItem::getId).doesNotContain("copy-uuid");
    }
}
