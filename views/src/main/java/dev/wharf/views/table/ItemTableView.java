package dev.wharf.views.table;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.theme.Glyphs;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.SetChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * The inventory as a virtualised, sortable table of the same filtered items the topology shows;
 * its selection is the view model's selection.
 */
public final class ItemTableView extends TableView<Item> {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");

    private final InventoryViewModel vm;
    private boolean syncing;
    private TableColumn<Item, Item> nameColumn;
    private Consumer<Item> onOpen = i -> { };
    private BiConsumer<Item, ContextMenuEvent> onContextMenu = (i, e) -> { };

    public ItemTableView(InventoryViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("item-table", atlantafx.base.theme.Styles.DENSE, atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        attach(true);
        // a hidden table does not follow live updates: it re-attaches (one sort) when shown
        visibleProperty().addListener((o, a, v) -> attach(v));
        // the others keep about the width of their typical content (min..max); Name takes the rest
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        setPlaceholder(new Label("Nothing matches the filter"));

        TableColumn<Item, Item> name = column("Name", i -> i);
        nameColumn = name;
        name.setMinWidth(NAME_MIN);
        name.setPrefWidth(NAME_PREF);
        name.setComparator(java.util.Comparator.comparing(Item::name));
        name.setCellFactory(c -> new NameCell());
        TableColumn<Item, Item> state = column("State", i -> i);
        fit(state, STATE_DOT, java.util.Arrays.stream(dev.wharf.inventory.State.values()).map(Labels::state).toList());
        state.setComparator(java.util.Comparator.comparing(Item::state));
        state.setCellFactory(c -> new StateCell());
        TableColumn<Item, String> kind = column("Kind", i -> Labels.kind(i));
        fit(kind, 0, java.util.Arrays.stream(dev.wharf.views.model.ShownKind.values()).map(Labels::kind).toList());
        TableColumn<Item, String> ns = column("Namespace", i -> i.namespace() == null ? "" : i.namespace());
        fit(ns, 0, java.util.List.of("kube-system"));
        TableColumn<Item, String> iso = column("Isolation", i -> Labels.isolation(i.isolation()));
        fit(iso, 0, java.util.Arrays.stream(dev.wharf.inventory.Isolation.values()).map(Labels::isolation).toList());
        TableColumn<Item, String> rt = column("Runtime", i -> i.runtime() == null ? "" : i.runtime());
        fit(rt, 0, java.util.List.of("kata-qemu", "kubevirt"));
        TableColumn<Item, String> on = column("Runs on",
                i -> i.on() == null ? "" : vm.item(i.on()).map(Item::name).orElse(i.on()));
        fit(on, 0, java.util.List.of("worker-02", "metal-01"));
        TableColumn<Item, String> src = column("Source",
                i -> vm.source(i.source()).map(s -> s.name()).orElse(i.source()));
        fit(src, 0, java.util.List.of("wharf-lab"));
        TableColumn<Item, String> status = column("Status", Item::status);
        fit(status, 0, java.util.List.of("CrashLoopBackOff", "ImagePullBackOff"));
        src.setVisible(false);
        rt.setVisible(false); // isolation says the same at a glance; the table menu shows it
        setTableMenuButtonVisible(true);
        TableColumn<Item, String> age = column("Age", i -> age(i.created()));
        fit(age, 0, java.util.List.of("59m", "100d"));
        getColumns().addAll(java.util.List.of(name, state, kind, ns, iso, rt, on, src, status, age));
        getSortOrder().add(name);

        setRowFactory(t -> new ItemRow());
        // Ctrl/Shift click select several; the table's selection is the model's multi-selection
        getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<Item>) c -> fromTable());
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> fromTable());
        vm.selection().versionProperty().addListener((o, a, b) -> syncSelection());
        vm.revisionProperty().addListener((o, a, b) -> syncSelection());
        vm.busy().addListener((SetChangeListener<String>) c -> refresh());
    }

    private void attach(boolean live) {
        if (getItems() instanceof SortedList<Item> old) {
            old.comparatorProperty().unbind();
        }
        if (live) {
            SortedList<Item> sorted = new SortedList<>(vm.visibleItems());
            sorted.comparatorProperty().bind(comparatorProperty());
            setItems(sorted);
            if (nameColumn != null && getSortOrder().isEmpty()) {
                getSortOrder().add(nameColumn);
            }
            sort();
            syncSelection();
        } else {
            setItems(javafx.collections.FXCollections.observableArrayList());
        }
    }

    public void setOnOpen(Consumer<Item> f) {
        onOpen = f;
    }

    public void setOnItemContextMenu(BiConsumer<Item, ContextMenuEvent> f) {
        onContextMenu = f;
    }

    /** The user changed the table's selection: the model's follows (the focused row is the primary). */
    private void fromTable() {
        if (syncing || vm.updating()) {
            return;
        }
        syncing = true;
        try {
            java.util.List<String> ids = getSelectionModel().getSelectedItems().stream()
                    .filter(java.util.Objects::nonNull).map(Item::id).toList();
            Item focused = getSelectionModel().getSelectedItem();
            if (ids.isEmpty()) {
                return; // a refresh clears for a moment; the model's selection stays
            }
            vm.selection().selectAll(ids, focused == null ? null : focused.id());
        } finally {
            syncing = false;
        }
    }

    private void syncSelection() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            if (!isVisible()) {
                return;
            }
            String id = vm.selectedIdProperty().get();
            java.util.List<String> all = vm.selection().ids();
            if (id == null || all.isEmpty()) {
                getSelectionModel().clearSelection();
                return;
            }
            Item focused = getSelectionModel().getSelectedItem();
            if (all.size() == 1 && getSelectionModel().getSelectedIndices().size() == 1 && focused != null
                    && focused.id().equals(id) && focused == vm.selected()) {
                return; // one item, already selected in its newest version: no pass over the rows
            }
            java.util.Set<String> want = new java.util.HashSet<>(all);
            java.util.List<Integer> rows = new java.util.ArrayList<>();
            int primaryRow = -1;
            for (int k = 0; k < getItems().size(); k++) {
                String rowId = getItems().get(k).id();
                if (rowId.equals(id)) {
                    primaryRow = k;
                } else if (want.contains(rowId)) {
                    rows.add(k);
                }
            }
            java.util.Set<Integer> now = new java.util.HashSet<>(getSelectionModel().getSelectedIndices());
            java.util.Set<Integer> wanted = new java.util.HashSet<>(rows);
            if (primaryRow >= 0) {
                wanted.add(primaryRow);
            }
            Item cur = getSelectionModel().getSelectedItem();
            if (now.equals(wanted) && cur != null && cur.id().equals(id) && cur == vm.selected()) {
                return;
            }
            boolean moved = cur == null || !cur.id().equals(id);
            getSelectionModel().clearSelection();
            for (int r : rows) {
                getSelectionModel().select(r);
            }
            if (primaryRow >= 0) {
                getSelectionModel().select(primaryRow); // last: the focused, primary row
                if (moved) {
                    scrollTo(Math.max(0, primaryRow - 3));
                }
            }
        } finally {
            syncing = false;
        }
    }

    /** The Name column's least and preferred width; it takes whatever the other columns leave. */
    static final double NAME_MIN = 180;
    static final double NAME_PREF = 280;
    /** The state cell's dot and the gap after it. */
    private static final double STATE_DOT = 8 + 6;
    /** A cell's left and right padding (AtlantaFX dense) plus a little air. */
    static final double CELL_PAD = 18;
    /** A header's padding and the sort arrow beside its title. */
    static final double HEADER_PAD = 28;
    /** The fonts the table is styled with (AtlantaFX: the system family at 14 px; headers bold). */
    static final javafx.scene.text.Font CELL_FONT = javafx.scene.text.Font.font(14);
    static final javafx.scene.text.Font HEADER_FONT = javafx.scene.text.Font.font(
            javafx.scene.text.Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD, 14);

    private static <T> TableColumn<Item, T> column(String title, Function<Item, T> value) {
        TableColumn<Item, T> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    /**
     * Sizes a column to its header (with the sort arrow) and the widest of its typical values,
     * so neither is cut at the default window size; the column may still be widened by hand.
     */
    private static void fit(TableColumn<Item, ?> c, double graphic, java.util.List<String> typical) {
        double w = textWidth(c.getText(), HEADER_FONT) + HEADER_PAD;
        for (String s : typical) {
            w = Math.max(w, graphic + textWidth(s, CELL_FONT) + CELL_PAD);
        }
        w = Math.ceil(w);
        c.setMinWidth(w);
        c.setPrefWidth(w);
        c.setMaxWidth(w + 32);
    }

    /** The width of {@code s} drawn in {@code font}. */
    static double textWidth(String s, javafx.scene.text.Font font) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    static String age(Instant created) {
        if (created == null) {
            return "";
        }
        Duration d = Duration.between(created, Instant.now());
        if (d.isNegative()) {
            return "0s";
        }
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }

    private final class ItemRow extends TableRow<Item> {
        ItemRow() {
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() != null) {
                    onOpen.accept(getItem());
                }
            });
            setOnContextMenuRequested(e -> {
                if (getItem() != null) {
                    if (!vm.selection().contains(getItem().id())) {
                        vm.select(getItem().id()); // right-click inside a multi-selection keeps it
                    }
                    onContextMenu.accept(getItem(), e);
                }
            });
        }

        @Override
        protected void updateItem(Item item, boolean empty) {
            super.updateItem(item, empty);
            pseudoClassStateChanged(STALE, !empty && item != null && item.stale());
            pseudoClassStateChanged(BUSY, !empty && item != null && vm.busy().contains(item.id()));
        }
    }

    /** A name cut in the middle (the suffix that tells pods apart stays), the whole name in a tooltip. */
    private static final class NameCell extends TableCell<Item, Item> {
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

        NameCell() {
            setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        }

        @Override
        protected void updateItem(Item item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
            } else {
                setText(item.name());
                setGraphic(Glyphs.kind(item, 14));
                setGraphicTextGap(8);
                tip.setText(item.namespace() == null ? item.name() : item.namespace() + "/" + item.name());
                setTooltip(tip);
            }
        }
    }

    private final class StateCell extends TableCell<Item, Item> {
        private final Region dot = new Region();
        private final Label label = new Label();
        private final ProgressIndicator spinner = new ProgressIndicator();
        private final HBox box = new HBox(6);

        StateCell() {
            dot.getStyleClass().add("state-dot");
            label.getStyleClass().add("state-label");
            spinner.getStyleClass().add("row-spinner");
            spinner.setPrefSize(12, 12);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Item item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            for (dev.wharf.inventory.State s : dev.wharf.inventory.State.values()) {
                PseudoClass pc = PseudoClass.getPseudoClass(s.wire());
                dot.pseudoClassStateChanged(pc, s == item.state());
                label.pseudoClassStateChanged(pc, s == item.state());
            }
            boolean busy = vm.busy().contains(item.id());
            label.setText(busy ? Labels.state(item.state()) + " …" : Labels.state(item.state()));
            box.getChildren().setAll(busy ? spinner : dot, label);
            setGraphic(box);
        }
    }
}
