package dev.wharf.views.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.Source;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.details.DetailsView;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The details pane's Snapshots tab: only for items that offer snapshots; lists the tree; takes one; offers a stop. */
@ExtendWith(ApplicationExtension.class)
class SnapshotsTabTest {
    static final Item GUEST = Item.builder(Items.LV + "|vm/guest1", Items.LV, Kind.VM, "guest1")
            .state(dev.wharf.inventory.State.RUNNING).on(Items.HOST.id()).action(Action.STOP).build();
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> toasts = new CopyOnWriteArrayList<>();
    private final List<Snapshots.Snapshot> stored = new ArrayList<>(List.of(
            snap("base", null, false, "clean install"), snap("before-update", "base", true, "")));
    private String unavailable;

    static Snapshots.Snapshot snap(String name, String parent, boolean current, String description) {
        return new Snapshots.Snapshot(name, description, Instant.parse("2026-11-01T10:00:00Z"), parent, current, "running",
                true, null, null, List.of(), null);
    }

    /** A libvirt host's snapshots, in memory: it covers VMs of its own source only. */
    final class FakeSnapshots implements Snapshots {
        @Override
        public boolean covers(Item item) {
            return item.source().equals(Items.LV) && item.kind() == Kind.VM;
        }

        @Override
        public CompletableFuture<Listing> list(Item item) {
            calls.add("list " + item.name());
            return CompletableFuture.completedFuture(new Listing(unavailable == null ? stored : List.of(), unavailable,
                    List.of(), true));
        }

        @Override
        public CompletableFuture<Void> create(Item item, String name, String description, boolean withMemory) {
            calls.add("create " + name + " '" + description + "' memory=" + withMemory);
            stored.replaceAll(s -> new Snapshot(s.name(), s.description(), s.created(), s.parent(), false, s.state(),
                    s.memory(), null, null, List.of(), null));
            stored.add(snap(name, "before-update", true, description));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> revert(Item item, String name) {
            calls.add("revert " + name);
            return CompletableFuture.failedFuture(new StopFirst(item.name() + " is running: stop it first."));
        }

        @Override
        public CompletableFuture<Void> delete(Item item, String name, boolean withChildren) {
            calls.add("delete " + name + " children=" + withChildren);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Start
    void start(Stage stage) {
        vm.apply(Items.initial());
        vm.apply(Items.upsert(GUEST));
        FakeSnapshots snapshots = new FakeSnapshots();
        Source libvirt = new Source() {
            @Override public String id() { return Items.LV; }
            @Override public void start() { }
            @Override public void close() { }

            @Override
            public CompletableFuture<Void> perform(Item item, Action action) {
                calls.add(action.wire() + " " + item.name());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return type == Snapshots.class ? Optional.of(type.cast(snapshots)) : Optional.empty();
            }
        };
        Backend backend = Backend.of(List.of(libvirt));
        ActionController actions = new ActionController(vm, backend, TaskRunner.synchronous(),
                (item, action, answer) -> answer.accept(true), (level, title, message) -> toasts.add(title + ": " + message));
        DetailsView details = new DetailsView(vm, backend, TaskRunner.synchronous(), actions, (i, t) -> { });
        stage.setScene(new Scene(details, 760, 700));
        stage.show();
    }

    private List<String> tabTitles(FxRobot robot) {
        return robot.lookup(".details-tabs").queryAs(TabPane.class).getTabs().stream().map(t -> t.getText()).toList();
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<Snapshots.Snapshot> tree(FxRobot robot) {
        return robot.lookup("#snapshot-tree").queryAs(TreeTableView.class);
    }

    private void openTab(FxRobot robot, String id) {
        robot.interact(() -> vm.select(id));
        robot.interact(() -> {
            TabPane tabs = robot.lookup(".details-tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Snapshots"))
                    .findFirst().orElseThrow());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void onlyItemsThatOfferSnapshotsHaveTheTabAndItListsTheTree(FxRobot robot) {
        robot.interact(() -> vm.select(Items.WEB.id()));
        assertThat(tabTitles(robot)).doesNotContain("Snapshots");
        openTab(robot, GUEST.id());
        assertThat(tabTitles(robot)).contains("Snapshots");
        TreeItem<Snapshots.Snapshot> root = tree(robot).getRoot();
        assertThat(root.getChildren()).extracting(t -> t.getValue().name()).containsExactly("base");
        assertThat(root.getChildren().get(0).getChildren()).extracting(t -> t.getValue().name())
                .containsExactly("before-update");
        assertThat(robot.lookup("before-update  (current)").tryQuery()).isPresent();
        assertThat(robot.lookup("clean install").tryQuery()).isPresent();
        robot.interact(() -> vm.select(Items.WEB.id()));
        assertThat(tabTitles(robot)).doesNotContain("Snapshots");
    }

    @Test
    void takesASnapshotWithMemoryThroughTheDialog(FxRobot robot) {
        openTab(robot, GUEST.id());
        robot.clickOn("#snapshot-create");
        WaitForAsyncUtils.waitForFxEvents();
        TextField name = robot.lookup("#snapshot-name").queryAs(TextField.class);
        robot.interact(() -> name.setText(""));
        assertThat(robot.lookup("#snapshot-take").queryButton().isDisabled()).as("no name, no snapshot").isTrue();
        robot.interact(() -> name.setText("bad name!"));
        assertThat(robot.lookup("#snapshot-take").queryButton().isDisabled()).isTrue();
        robot.interact(() -> name.setText("before-kernel"));
        robot.clickOn("#snapshot-description").write("kernel 6.12");
        robot.clickOn("#snapshot-take");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(calls).contains("create before-kernel 'kernel 6.12' memory=true");
        assertThat(toasts).contains("Snapshot guest1: Snapshot before-kernel taken with memory.");
        TreeItem<Snapshots.Snapshot> child = tree(robot).getRoot().getChildren().get(0).getChildren().get(0);
        assertThat(child.getChildren()).extracting(t -> t.getValue().name()).containsExactly("before-kernel");
        assertThat(child.getChildren().get(0).getValue().current()).isTrue();
    }

    @Test
    void aRevertThatNeedsAStoppedVmOffersToStopIt(FxRobot robot) {
        openTab(robot, GUEST.id());
        robot.interact(() -> tree(robot).getSelectionModel().select(tree(robot).getRoot().getChildren().get(0)));
        robot.clickOn("#snapshot-revert");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Revert");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(calls).contains("revert base");
        robot.clickOn("Stop it first");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(calls).contains("stop guest1");
    }

    @Test
    void whyAnItemCannotBeSnapshottedIsSaidOnce(FxRobot robot) {
        unavailable = "guest1 cannot be snapshotted. Its disk vda (raw) is not qcow2.";
        openTab(robot, GUEST.id());
        Label why = robot.lookup("#snapshot-unavailable").queryAs(Label.class);
        assertThat(why.isVisible()).isTrue();
        assertThat(why.getText()).isEqualTo(unavailable);
        assertThat(robot.lookup("#snapshot-create").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup(".label").queryAll().stream()
                .filter(n -> unavailable.equals(((javafx.scene.control.Labeled) n).getText())).count()).as("once").isEqualTo(1);
    }
}
