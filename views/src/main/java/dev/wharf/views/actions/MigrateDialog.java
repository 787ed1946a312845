package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.TargetedMigration;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/** Migrate: the user picks the target node (or lets the scheduler choose); the source adds the node selector. */
public final class MigrateDialog implements ActionFlow {
    static final String ANY = "Any node (the scheduler chooses)";

    private final InventoryViewModel vm;
    private final Backend backend;
    private final TaskRunner runner;
    private final Notifier notifier;
    private final Supplier<Window> owner;

    public MigrateDialog(InventoryViewModel vm, Backend backend, TaskRunner runner, Notifier notifier,
                         Supplier<Window> owner) {
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.notifier = notifier;
        this.owner = owner;
    }

    @Override
    public boolean handles(Item item, Action action) {
        return action == Action.MIGRATE && backend.capability(item, TargetedMigration.class).isPresent();
    }

    @Override
    public void start(Item item, Action action) {
        TargetedMigration m = backend.capability(item, TargetedMigration.class).orElseThrow();
        runner.run(() -> CompletableFuture.completedFuture(m.migrationTargets(item)), (targets, e) -> {
            if (e != null) {
                notifier.notify(Notifier.Level.ERROR, "Migrate " + item.name(), WharfException.userMessage(e));
            } else {
                show(item, m, targets);
            }
        });
    }

    private void show(Item item, TargetedMigration m, List<String> targets) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Migrate " + item.name());
        dialog.setHeaderText("Live-migrate VM \u201c" + item.name() + "\u201d to…");
        dialog.getDialogPane().getStyleClass().add("confirm-dialog");
        dialog.getDialogPane().setId("migrate-dialog");
        ButtonType go = new ButtonType("Migrate", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, go);
        List<String> choices = new ArrayList<>();
        choices.add(ANY);
        choices.addAll(targets);
        ListView<String> list = new ListView<>();
        list.setId("migrate-targets");
        list.getItems().setAll(choices);
        list.getSelectionModel().select(0);
        list.setPrefHeight(Math.min(240, 30 + 28 * choices.size()));
        Label note = new Label(targets.isEmpty()
                ? "No other node is ready and schedulable now; the scheduler may still find one."
                : "Nodes that are ready and schedulable, other than the one it runs on. The VM keeps running while it moves.");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        VBox body = new VBox(10, list, note);
        body.setPrefWidth(420);
        dialog.getDialogPane().setContent(body);
        dialog.setOnShown(e -> list.requestFocus());
        dialog.resultProperty().addListener((o, a, r) -> {
            if (r == go) {
                String picked = list.getSelectionModel().getSelectedItem();
                migrate(item, m, picked == null || picked.equals(ANY) ? null : picked);
            }
        });
        dialog.show();
    }

    private void migrate(Item item, TargetedMigration m, String node) {
        vm.busy().add(item.id());
        runner.run(() -> m.migrate(item, node), (v, e) -> {
            vm.busy().remove(item.id());
            if (e == null) {
                notifier.notify(Notifier.Level.SUCCESS, "Migrate " + item.name(), "Migration to "
                        + (node == null ? "a node the scheduler picks" : node)
                        + " requested; its progress shows in the details.");
            } else {
                notifier.notify(Notifier.Level.ERROR, "Migrate " + item.name() + " failed", WharfException.userMessage(e));
            }
        });
    }
}
