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
        kinds.setMinWidth(Region.USE_PREF_SIZE);
        states.setMinWidth(0);
        shown.setMinWidth(0);
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

    private final java.util.Map<Kind, Label> kindLabels = new java.util.EnumMap<>(Kind.class);
    private final java.util.Map<State, Label> stateLabels = new java.util.EnumMap<>(State.class);
    private final Label nothing = new Label("Nothing shown");
    private Counts shownCounts;
    private int shownSources = -1;
    private int shownTotal = -1;

    /** Updates the labels in place (no new nodes per update: this runs on every coalesced delta). */
    private void render(Counts c) {
        if (c.equals(shownCounts) && shownSources == vm.sources().hashCode() && shownTotal == vm.listedCount()) {
            return;
        }
        shownTotal = vm.listedCount();
        shownCounts = c;
        shownSources = vm.sources().hashCode();
        java.util.List<javafx.scene.Node> ks = new java.util.ArrayList<>();
        for (Kind k : Kind.values()) {
            int n = c.kind(k);
            if (n > 0) {
                Label l = kindLabels.computeIfAbsent(k, key -> {
                    Label x = new Label("", Glyphs.kind(key, 13));
                    x.getStyleClass().add("status-count");
                    x.setMinWidth(Region.USE_PREF_SIZE);
                    return x;
                });
                l.setText(n + " " + Labels.kind(k, n));
                ks.add(l);
            }
        }
        if (ks.isEmpty()) {
            ks.add(nothing);
        }
        if (!kinds.getChildren().equals(ks)) {
            kinds.getChildren().setAll(ks);
        }
        java.util.List<javafx.scene.Node> ss = new java.util.ArrayList<>();
        for (State st : State.values()) {
            int n = c.state(st);
            if (n > 0) {
                Label l = stateLabels.computeIfAbsent(st, key -> {
                    Region dot = new Region();
                    dot.getStyleClass().add("state-dot");
                    dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(key.wire()), true);
                    Label x = new Label("", dot);
                    x.getStyleClass().add("status-count");
                    x.setMinWidth(Region.USE_PREF_SIZE);
                    return x;
                });
                l.setText(n + " " + Labels.state(st).toLowerCase(java.util.Locale.ROOT));
                ss.add(l);
            }
        }
        if (!states.getChildren().equals(ss)) {
            states.getChildren().setAll(ss);
        }
        long total = vm.listedCount();
        long errors = vm.sources().stream().filter(s -> s.status() == SourceStatus.ERROR).count();
        shown.setText("Showing " + c.total() + " of " + total + " · " + vm.sources().size()
                + (vm.sources().size() == 1 ? " source" : " sources") + (errors > 0 ? " (" + errors + " unreachable)" : ""));
    }
}
