package dev.wharf.views.shell;

import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.views.model.Counts;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;
import dev.wharf.views.theme.Glyphs;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * Counts per kind and per state of what is shown, and how many items and sources there are in
 * all. Nothing is cut: in a narrow window the counts wrap to a second line.
 */
public final class StatusBar extends BorderPane {
    private final InventoryViewModel vm;
    /** Every count in one flow (kinds, a separator, states), so each wraps on its own in a narrow window. */
    private final FlowPane counts = new FlowPane(11, 4);
    private final Separator sep = new Separator(Orientation.VERTICAL);
    private final Label shown = new Label();

    public StatusBar(InventoryViewModel vm) {
        this.vm = vm;
        getStyleClass().add("status-bar");
        shown.setMinWidth(Region.USE_PREF_SIZE);
        shown.setId("status-shown");
        counts.setId("status-counts");
        counts.setAlignment(Pos.CENTER_LEFT);
        counts.setMinWidth(0);
        counts.setPrefWrapLength(2000);
        counts.widthProperty().addListener((o, a, w) -> counts.setPrefWrapLength(Math.max(1, w.doubleValue())));
        setCenter(counts);
        setRight(shown);
        BorderPane.setAlignment(shown, Pos.CENTER_RIGHT);
        BorderPane.setMargin(shown, new javafx.geometry.Insets(0, 0, 0, 14));
        vm.countsProperty().addListener((o, a, c) -> render(c));
        vm.sources().addListener((javafx.collections.ListChangeListener<SourceInfo>) c -> render(vm.countsProperty().get()));
        render(vm.countsProperty().get());
    }

    private final java.util.Map<ShownKind, Label> kindLabels = new java.util.EnumMap<>(ShownKind.class);
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
        for (ShownKind k : ShownKind.values()) {
            int n = c.kind(k);
            if (n > 0) {
                Label l = kindLabels.computeIfAbsent(k, key -> {
                    Label x = new Label("", Glyphs.kind(key, 13));
                    x.getStyleClass().addAll("status-count", "status-kind");
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

        java.util.List<javafx.scene.Node> ss = new java.util.ArrayList<>();
        for (State st : State.values()) {
            int n = c.state(st);
            if (n > 0) {
                Label l = stateLabels.computeIfAbsent(st, key -> {
                    Region dot = new Region();
                    dot.getStyleClass().add("state-dot");
                    dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(key.wire()), true);
                    Label x = new Label("", dot);
                    x.getStyleClass().addAll("status-count", "status-state");
                    x.setMinWidth(Region.USE_PREF_SIZE);
                    return x;
                });
                l.setText(n + " " + Labels.state(st).toLowerCase(java.util.Locale.ROOT));
                ss.add(l);
            }
        }
        java.util.List<javafx.scene.Node> all = new java.util.ArrayList<>(ks);
        if (!ss.isEmpty()) {
            all.add(sep);
            all.addAll(ss);
        }
        if (!counts.getChildren().equals(all)) {
            counts.getChildren().setAll(all);
        }
        long total = vm.listedCount();
        long errors = vm.sources().stream().filter(s -> s.status() == SourceStatus.ERROR).count();
        shown.setText("Showing " + c.total() + " of " + total + " · " + vm.sources().size()
                + (vm.sources().size() == 1 ? " source" : " sources") + (errors > 0 ? " (" + errors + " unreachable)" : ""));
    }
}
