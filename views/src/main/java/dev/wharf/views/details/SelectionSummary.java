package dev.wharf.views.details;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.State;
import dev.wharf.views.actions.BulkConfirmDialog;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The details pane for a multi-selection: how many, counts by kind and by state (with the state
 * colours), how many come from read-only connections, and the items themselves. Follows the
 * selection and every inventory change while several items are selected.
 */
public final class SelectionSummary extends VBox {
    /** At most this many names are listed; the rest are counted. */
    static final int MAX_NAMES = 24;

    private final InventoryViewModel vm;
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final GridPane kinds = new GridPane();
    private final GridPane states = new GridPane();
    private final Label readOnly = new Label();
    private final VBox names = new VBox(2);

    public SelectionSummary(InventoryViewModel vm) {
        super(10);
        this.vm = vm;
        setId("selection-summary");
        getStyleClass().addAll("details-page", "selection-summary");
        title.getStyleClass().add("details-title");
        title.setId("summary-title");
        subtitle.getStyleClass().add("details-subtitle");
        subtitle.setWrapText(true);
        kinds.setId("summary-kinds");
        states.setId("summary-states");
        for (GridPane g : List.of(kinds, states)) {
            g.getStyleClass().add("properties");
            g.setHgap(14);
            g.setVgap(6);
        }
        readOnly.getStyleClass().add("read-only-badge");
        readOnly.setId("summary-read-only");
        getChildren().addAll(title, subtitle, section("By kind"), kinds, section("By state"), states, readOnly,
                section("Selected"), names);
        vm.selection().versionProperty().addListener((o, a, b) -> refresh());
        vm.revisionProperty().addListener((o, a, b) -> refresh());
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** Shows the selection now (when several items are selected). */
    public void refresh() {
        if (!vm.selection().isMultiple()) {
            return;
        }
        List<Item> items = vm.selectedItems();
        title.setText(items.size() + " selected");
        subtitle.setText(BulkConfirmDialog.kinds(items) + " · Ctrl click adds or removes one");
        Map<ShownKind, Integer> byKind = new EnumMap<>(ShownKind.class);
        Map<State, Integer> byState = new EnumMap<>(State.class);
        int ro = 0;
        for (Item i : items) {
            byKind.merge(ShownKind.of(i), 1, Integer::sum);
            byState.merge(i.state(), 1, Integer::sum);
            ro += vm.readOnly(i.source()) ? 1 : 0;
        }
        kinds.getChildren().clear();
        int r = 0;
        for (Map.Entry<ShownKind, Integer> e : byKind.entrySet()) {
            kinds.addRow(r++, count(e.getValue()), new Label(Labels.kind(e.getKey(), e.getValue())));
        }
        states.getChildren().clear();
        r = 0;
        for (Map.Entry<State, Integer> e : byState.entrySet()) {
            Region dot = new Region();
            dot.getStyleClass().add("state-dot");
            dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(e.getKey().wire()), true);
            HBox label = new HBox(6, dot, new Label(Labels.state(e.getKey())));
            label.setAlignment(Pos.CENTER_LEFT);
            states.addRow(r++, count(e.getValue()), label);
        }
        readOnly.setText("READ-ONLY · " + ro + " of them: no action is offered for " + (ro == 1 ? "it" : "them"));
        readOnly.setVisible(ro > 0);
        readOnly.setManaged(ro > 0);
        names.getChildren().clear();
        for (Item i : items.subList(0, Math.min(items.size(), MAX_NAMES))) {
            Label n = new Label(Labels.kind(i) + "  " + i.name());
            n.getStyleClass().add("summary-name");
            names.getChildren().add(n);
        }
        if (items.size() > MAX_NAMES) {
            names.getChildren().add(new Label("and " + (items.size() - MAX_NAMES) + " more"));
        }
    }

    private static Label count(int n) {
        Label l = new Label(String.valueOf(n));
        l.getStyleClass().add("summary-count");
        return l;
    }
}
