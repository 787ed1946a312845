package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.inventory.Snapshots;
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
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two sources that both edit definitions, take snapshots and forward ports; the Kubernetes one is
 * read-only. Its VM's details offer no Edit, no Take/Revert/Delete snapshot (the list still shows)
 * and no Port-forward, in the details, the context menu or the palette; the libvirt VM offers all.
 */
@ExtendWith(ApplicationExtension.class)
class ReadOnlyOffersNothingWindowTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private MainWindow window;

    private final Snapshots snapshots = new Snapshots() {
        @Override
        public boolean covers(Item item) {
            return true;
        }

        @Override
        public CompletableFuture<Listing> list(Item item) {
            calls.add("list " + item.name());
            return CompletableFuture.completedFuture(new Listing(List.of(new Snapshot("before-upgrade", "", null, null,
                    true, "running", false, null, null, List.of(), null)), null, List.of(), true));
        }

        @Override
        public CompletableFuture<Void> create(Item item, String name, String description, boolean withMemory) {
            calls.add("create " + item.name());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> revert(Item item, String name) {
            calls.add("revert " + item.name());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(Item item, String name, boolean withChildren) {
            calls.add("delete " + item.name());
            return CompletableFuture.completedFuture(null);
        }
    };

    private final PortForwarder forwarder = new PortForwarder() {
        @Override
        public boolean canForward(Item item) {
            return true;
        }

        @Override
        public List<Port> ports(Item item) {
            return List.of();
        }

        @Override
        public CompletableFuture<Forward> forward(Item item, int remotePort, String bindAddress, int localPort) {
            calls.add("forward " + item.name());
            return CompletableFuture.failedFuture(new IllegalStateException("not in this test"));
        }
    };

    private final DefinitionEditor editor = new DefinitionEditor() {
        @Override
        public boolean canEdit(Item item) {
            return true;
        }

        @Override
        public CompletableFuture<Definition> load(Item item) {
            calls.add("load " + item.name());
            return new CompletableFuture<>();
        }

        @Override
        public List<Problem> validate(Definition base, String edited) {
            return List.of();
        }

        @Override
        public CompletableFuture<Verdict> dryRun(Definition base, String edited) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Verdict> apply(Definition base, String edited) {
            calls.add("apply");
            return new CompletableFuture<>();
        }
    };

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
                calls.add(action.wire() + " " + item.name());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> Optional<T> capability(Class<T> type) {
                Object c = type == Snapshots.class ? snapshots : type == PortForwarder.class ? forwarder
                        : type == DefinitionEditor.class ? editor : null;
                return Optional.ofNullable((T) c);
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

    private void showSnapshots(FxRobot robot) {
        TabPane tabs = robot.lookup(".details-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "tab-snapshots".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    @Test
    void aReadOnlyVmOffersNoEditSnapshotChangeOrPortForwardAndAWritableOneDoes(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        // the writable libvirt VM first: everything is offered (the test can tell)
        robot.interact(() -> vm.select(Items.NODE_VM.id()));
        showSnapshots(robot);
        assertThat(robot.lookup("#details-edit").queryButton().isDisabled()).isFalse();
        assertThat(shown(robot, "#snapshot-create")).isTrue();
        assertThat(shown(robot, "#snapshot-revert")).isTrue();
        assertThat(shown(robot, "#snapshot-delete")).isTrue();
        assertThat(shown(robot, "#snapshot-read-only")).isFalse();
        assertThat(robot.lookup("#details-port-forward").tryQuery()).isPresent();
        assertThat(window.portForwards().menuItem(Items.NODE_VM)).isPresent();

        // the read-only Kubernetes VM
        robot.interact(() -> vm.select(Items.VM.id()));
        showSnapshots(robot);
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("db");
        Button edit = robot.lookup("#details-edit").queryButton();
        assertThat(edit.isDisabled()).as("Edit is not offered").isTrue();
        assertThat(((org.kordamp.ikonli.javafx.FontIcon) edit.getGraphic()).getIconCode())
                .isEqualTo(org.kordamp.ikonli.feather.Feather.LOCK);
        assertThat(edit.getTooltip().getText()).startsWith("read-only connection");
        assertThat(calls).as("the snapshots are listed").contains("list db");
        assertThat(robot.lookup("#snapshot-tree").queryAs(javafx.scene.control.TreeTableView.class).getRoot()
                .getChildren()).hasSize(1);
        assertThat(shown(robot, "#snapshot-create")).as("no Take snapshot").isFalse();
        assertThat(shown(robot, "#snapshot-revert")).as("no Revert").isFalse();
        assertThat(shown(robot, "#snapshot-delete")).as("no Delete").isFalse();
        assertThat(shown(robot, "#snapshot-read-only")).isTrue();
        assertThat(robot.lookup("#snapshot-read-only").queryAs(Label.class).getText()).contains("listed, not taken");
        assertThat(robot.lookup("#details-port-forward").tryQuery()).as("no Port-forward button").isEmpty();
        assertThat(window.portForwards().menuItem(Items.VM)).as("no Port-forward in the context menu").isEmpty();
        assertThat(window.portForwards().detailsButtons(Items.VM)).isEmpty();

        // the palette's command (or anything else that asks) is told why, and no dialog opens
        robot.interact(() -> window.portForwards().open(Items.VM));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".toast-message").queryAllAs(Label.class)).extracting(Label::getText)
                .anySatisfy(t -> assertThat(t).contains("read-only"));
        robot.interact(edit::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(calls).as("only lists reached the sources").contains("list db")
                .allSatisfy(c -> assertThat(c).startsWith("list "));
    }
}
