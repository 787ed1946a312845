package dev.wharf.views.snapshots;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The details pane's Snapshots tab: the selected VM's snapshots as a tree (children under their
 * parent, the current one marked), take (name, description, with memory or disks only), revert
 * (confirmed; a VM that must be stopped first is offered a stop), delete (alone or with its
 * children). Present only while the selection is an item whose source {@link Snapshots#covers covers}
 * it; what keeps an item from being snapshotted is said once, above the (empty) tree.
 */
public final class SnapshotsTab {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneId.systemDefault());
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");

    private final TabPane tabs;
    private final Backend backend;
    private final TaskRunner runner;
    private final ActionController actions;
    private final Notifier notifier;
    private final SnapshotPrompts prompts;
    private final Tab tab = new Tab("Snapshots");
    private final TreeTableView<Snapshots.Snapshot> tree = new TreeTableView<>();
    private final Label unavailable = new Label();
    private final VBox notes = new VBox(4);
    private final Label status = new Label();
    private final Label detail = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button create = new Button("Take snapshot\u2026", new FontIcon(Feather.CAMERA));
    private final Button revert = new Button("Revert\u2026", new FontIcon(Feather.ROTATE_CCW));
    private final Button delete = new Button("Delete\u2026", new FontIcon(Feather.TRASH_2));
    private final Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
    private final Label readOnly = new Label("Read-only connection: snapshots are listed, not taken, reverted or deleted.");
    private Item item;
    private Snapshots snapshots;
    private Snapshots.Listing listing;
    private long generation;
    private int working;

    private SnapshotsTab(TabPane tabs, Backend backend, TaskRunner runner, ActionController actions,
                         SnapshotPrompts prompts) {
        this.tabs = tabs;
        this.backend = backend;
        this.runner = runner;
        this.actions = actions;
        this.notifier = actions.notifier();
        this.prompts = prompts;
        tab.setId("tab-snapshots");
        create.setId("snapshot-create");
        revert.setId("snapshot-revert");
        delete.setId("snapshot-delete");
        refresh.setId("snapshot-refresh");
        refresh.setTooltip(new Tooltip("List again"));
        create.getStyleClass().add("accent");
        progress.setPrefSize(16, 16);
        progress.setMaxSize(16, 16);
        progress.setVisible(false);
        status.getStyleClass().add("muted");
        status.setId("snapshot-status");
        readOnly.setId("snapshot-read-only");
        readOnly.getStyleClass().add("muted");
        readOnly.setWrapText(true);
        readOnly.setVisible(false);
        readOnly.setManaged(false);
        readOnly.setMaxWidth(Double.MAX_VALUE);
        FlowPane bar = new FlowPane(6, 6, create, revert, delete, refresh, progress, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        unavailable.setId("snapshot-unavailable");
        unavailable.getStyleClass().add("snapshot-unavailable");
        unavailable.setWrapText(true);
        unavailable.setMaxWidth(Double.MAX_VALUE);
        notes.setId("snapshot-notes");

        TreeTableColumn<Snapshots.Snapshot, String> name = column("Name", s -> s.name() + (s.current() ? "  (current)" : ""), 200);
        TreeTableColumn<Snapshots.Snapshot, String> taken = column("Taken", s -> s.created() == null ? "" : SHORT.format(s.created()), 95);
        TreeTableColumn<Snapshots.Snapshot, String> state = column("State", SnapshotsTab::stateText, 140);
        TreeTableColumn<Snapshots.Snapshot, String> description = column("Description", s -> s.error() != null
                ? s.error() : s.description(), 160);
        tree.getColumns().setAll(List.of(name, taken, state, description));
        tree.setShowRoot(false);
        tree.setId("snapshot-tree");
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setPlaceholder(new Label("No snapshots yet: take one before a risky change."));
        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(Snapshots.Snapshot s, boolean empty) {
                super.updateItem(s, empty);
                pseudoClassStateChanged(CURRENT, !empty && s != null && s.current());
                setTooltip(empty || s == null || s.error() == null ? null : new Tooltip(s.error()));
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            updateButtons();
            detail.setText(b == null || b.getValue() == null ? "" : detailText(b.getValue()));
        });
        detail.setId("snapshot-detail");
        detail.setWrapText(true);
        detail.getStyleClass().add("muted");
        VBox page = new VBox(8, readOnly, bar, unavailable, notes, tree, detail);
        tree.setPrefHeight(240); // the selected one's detail right below its rows, not at the pane's foot
        tree.setMinHeight(120);
        page.getStyleClass().addAll("details-page", "snapshots-page");
        tab.setContent(page);

        create.setOnAction(e -> onCreate());
        revert.setOnAction(e -> selected().ifPresent(this::onRevert));
        delete.setOnAction(e -> selected().ifPresent(this::onDelete));
        refresh.setOnAction(e -> load());
        tab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                load();
            }
        });
        show(null, null);
    }

    /**
     * Adds the tab to {@code tabs} while the selection offers snapshots; the one line a details pane
     * needs. Dialogs are owned by the tabs' window.
     */
    public static SnapshotsTab attach(TabPane tabs, InventoryViewModel vm, Backend backend, TaskRunner runner,
                                      ActionController actions) {
        return attach(tabs, vm, backend, runner, actions,
                new SnapshotDialogs(() -> tabs.getScene() == null ? null : tabs.getScene().getWindow()));
    }

    /** With other prompts (tests). */
    public static SnapshotsTab attach(TabPane tabs, InventoryViewModel vm, Backend backend, TaskRunner runner,
                                      ActionController actions, SnapshotPrompts prompts) {
        SnapshotsTab t = new SnapshotsTab(tabs, backend, runner, actions, prompts);
        vm.selectedProperty().addListener((o, a, b) -> t.select(b));
        t.select(vm.selectedProperty().get());
        return t;
    }

    private void select(Item selected) {
        Snapshots s = selected == null ? null
                : backend.capability(selected, Snapshots.class).filter(c -> c.covers(selected)).orElse(null);
        if (s == null) {
            tabs.getTabs().remove(tab);
            item = null;
            return;
        }
        boolean other = item == null || !item.id().equals(selected.id());
        boolean stateChanged = !other && item.state() != selected.state(); // memory can be kept only while it runs
        item = selected;
        snapshots = s;
        boolean writable = backend.writable(selected);
        for (javafx.scene.Node n : List.of(create, revert, delete)) {
            n.setVisible(writable);
            n.setManaged(writable);
        }
        readOnly.setVisible(!writable);
        readOnly.setManaged(!writable);
        if (!tabs.getTabs().contains(tab)) {
            tabs.getTabs().add(tab);
        }
        if (other) {
            show(null, null);
        }
        if ((other || stateChanged) && tab.isSelected()) {
            load();
        }
    }

    /** Lists the item's snapshots again (in the background); a late answer for another item is dropped. */
    public void load() {
        if (item == null) {
            return;
        }
        Item target = item;
        Snapshots s = snapshots;
        long g = ++generation;
        status.setText("Listing\u2026");
        runner.run(() -> s.list(target), (l, t) -> {
            if (g != generation || item == null || !item.id().equals(target.id())) {
                return;
            }
            status.setText(working > 0 ? status.getText() : "");
            if (t != null) {
                show(null, WharfException.userMessage(t));
            } else {
                show(l, l.unavailable());
            }
        });
    }

    private void show(Snapshots.Listing l, String problem) {
        listing = l;
        unavailable.setText(problem == null ? "" : problem);
        unavailable.setVisible(problem != null);
        unavailable.setManaged(problem != null);
        notes.getChildren().clear();
        if (l != null) {
            for (String n : l.notes()) {
                Label note = new Label(n, new FontIcon(Feather.INFO));
                note.getStyleClass().add("muted");
                note.setWrapText(true);
                notes.getChildren().add(note);
            }
        }
        notes.setManaged(!notes.getChildren().isEmpty());
        notes.setVisible(!notes.getChildren().isEmpty());
        String keep = selected().map(Snapshots.Snapshot::name).orElse(null);
        TreeItem<Snapshots.Snapshot> root = new TreeItem<>();
        if (l != null) {
            addChildren(l, root, null, 0);
        }
        tree.setRoot(root);
        if (keep != null) {
            select(root, keep);
        }
        updateButtons();
    }

    private void addChildren(Snapshots.Listing l, TreeItem<Snapshots.Snapshot> parent, String name, int depth) {
        for (Snapshots.Snapshot s : l.children(name)) {
            TreeItem<Snapshots.Snapshot> node = new TreeItem<>(s);
            node.setExpanded(true);
            parent.getChildren().add(node);
            if (depth < 50) {
                addChildren(l, node, s.name(), depth + 1);
            }
        }
    }

    private void select(TreeItem<Snapshots.Snapshot> node, String name) {
        for (TreeItem<Snapshots.Snapshot> c : node.getChildren()) {
            if (c.getValue().name().equals(name)) {
                tree.getSelectionModel().select(c);
                return;
            }
            select(c, name);
        }
    }

    private Optional<Snapshots.Snapshot> selected() {
        TreeItem<Snapshots.Snapshot> t = tree.getSelectionModel().getSelectedItem();
        return t == null ? Optional.empty() : Optional.ofNullable(t.getValue());
    }

    private void updateButtons() {
        boolean ready = listing != null && listing.unavailable() == null && working == 0 && create.isVisible();
        create.setDisable(!ready);
        revert.setDisable(!ready || selected().isEmpty());
        delete.setDisable(listing == null || working > 0 || selected().isEmpty() || !delete.isVisible());
        progress.setVisible(working > 0);
    }

    private void onCreate() {
        Item target = item;
        Snapshots.Listing l = listing;
        prompts.create(target, l != null && l.memory(), n -> run(target, "Snapshot " + target.name(),
                "Taking snapshot " + n.name() + "\u2026", s -> s.create(target, n.name(), n.description(), n.withMemory()),
                "Snapshot " + n.name() + " taken" + (n.withMemory() ? " with memory." : " (disks only).")));
    }

    private void onRevert(Snapshots.Snapshot snap) {
        Item target = item;
        prompts.confirmRevert(target, snap, yes -> {
            if (yes) {
                run(target, "Revert " + target.name(), "Reverting to " + snap.name() + "\u2026",
                        s -> s.revert(target, snap.name()), target.name() + " is back at " + snap.name() + ".");
            }
        });
    }

    private void onDelete(Snapshots.Snapshot snap) {
        Item target = item;
        int children = descendants(snap.name(), 0);
        prompts.delete(target, snap, children, withChildren -> run(target, "Delete snapshot " + snap.name(),
                "Deleting " + snap.name() + "\u2026", s -> s.delete(target, snap.name(), withChildren),
                "Snapshot " + snap.name() + " deleted" + (withChildren && children > 0 ? " with its children." : ".")));
    }

    private int descendants(String name, int depth) {
        if (listing == null || depth > 50) {
            return 0;
        }
        int n = 0;
        for (Snapshots.Snapshot c : listing.snapshots()) {
            if (name.equals(c.parent())) {
                n += 1 + descendants(c.name(), depth + 1);
            }
        }
        return n;
    }

    private void run(Item target, String title, String doing, Function<Snapshots, CompletableFuture<Void>> work,
                     String done) {
        Snapshots s = snapshots;
        working++;
        status.setText(doing);
        updateButtons();
        runner.run(() -> work.apply(s), (v, t) -> {
            working--;
            status.setText("");
            if (t == null) {
                notifier.notify(Notifier.Level.SUCCESS, title, done);
            } else if (t instanceof Snapshots.StopFirst || t.getCause() instanceof Snapshots.StopFirst) {
                prompts.stopFirst(target, WharfException.userMessage(t), yes -> {
                    if (yes) {
                        actions.request(target, Action.STOP);
                    }
                });
            } else {
                notifier.notify(Notifier.Level.ERROR, title + " failed", WharfException.userMessage(t));
            }
            updateButtons();
            load();
        });
    }

    /** The selected snapshot in full, below the tree (a narrow pane cuts the columns). */
    static String detailText(Snapshots.Snapshot s) {
        return s.name() + (s.current() ? " (current)" : "") + (s.created() == null ? "" : ", taken " + TIME.format(s.created()))
                + ": " + stateText(s) + (s.parent() == null ? "" : "; on top of " + s.parent())
                + (s.description().isBlank() ? "" : ". " + s.description())
                + (s.error() == null ? "" : ". Error: " + s.error());
    }

    /** libvirt: the state it was taken in and whether it holds memory; KubeVirt: phase, ready, indications. */
    static String stateText(Snapshots.Snapshot s) {
        if (s.phase() != null) {
            return s.phase() + (Boolean.TRUE.equals(s.readyToUse()) ? ", ready" : "")
                    + (s.indications().isEmpty() ? "" : " (" + String.join(", ", s.indications()) + ")");
        }
        return (s.state() == null ? "" : s.state() + ", ") + (s.memory() ? "with memory" : "disks only");
    }

    private static TreeTableColumn<Snapshots.Snapshot, String> column(String title, Function<Snapshots.Snapshot, String> f,
                                                                     double width) {
        TreeTableColumn<Snapshots.Snapshot, String> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getValue() == null ? ""
                : f.apply(p.getValue().getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
