package dev.wharf.views.shell;

import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.views.model.Counts;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.theme.Glyphs;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Counts per kind and per state of what is shown, and how many items and sources there are in all. */
public final class StatusBar extends HBox {
    private final InventoryViewModel vm;
    private final HBox kinds = new HBox(14);
    private final HBox states = new HBox(12);
    private final Label shown = new Label();

    public StatusBar(InventoryViewModel vm) {
        super(14);
        this.vm = vm;
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        kinds.setAlignment(Pos.CENTER_LEFT);
        states.setAlignment(Pos.CENTER_LEFT);
        kinds.setId("status-kinds");
        states.setId("status-states");
        shown.setId("status-shown");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(kinds, new Separator(Orientation.VERTICAL), states, spacer, shown);
        vm.countsProperty().addListener((o, a, c) -> render(c));
        vm.sources().addListener((javafx.collections.ListChangeListener<SourceInfo>) c -> render(vm.countsProperty().get()));
        render(vm.countsProperty().get());
    }

    private void render(Counts c) {
        kinds.getChildren().clear();
        for (Kind k : Kind.values()) {
            int n = c.kind(k);
            if (n > 0) {
                Label l = new Label(n + " " + Labels.kind(k, n), Glyphs.kind(k, 13));
                l.getStyleClass().add("status-count");
                kinds.getChildren().add(l);
            }
        }
        if (kinds.getChildren().isEmpty()) {
            kinds.getChildren().add(new Label("Nothing shown"));
        }
        states.getChildren().clear();
        for (State s : State.values()) {
            int n = c.state(s);
            if (n > 0) {
                Region dot = new Region();
                dot.getStyleClass().add("state-dot");
                dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.wire()), true);
                Label l = new Label(n + " " + Labels.state(s).toLowerCase(java.util.Locale.ROOT), dot);
                l.getStyleClass().add("status-count");
                states.getChildren().add(l);
            }
        }
        long total = vm.items().stream().filter(dev.wharf.inventory.Item::listedByDefault).count();
        long errors = vm.sources().stream().filter(s -> s.status() == SourceStatus.ERROR).count();
        shown.setText("Showing " + c.total() + " of " + total + " · " + vm.sources().size()
                + (vm.sources().size() == 1 ? " source" : " sources") + (errors > 0 ? " (" + errors + " unreachable)" : ""));
    }
}
