package dev.wharf.views.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.views.theme.Palette;
import dev.wharf.views.topology.TopologyView;

import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Puts usage into the window's views: the details' {@link UsagePanel}, the table's CPU and Memory
 * columns, the topology's colouring (a toggle: off, heat by CPU, heat by memory) and far-zoom CPU.
 */
public final class UsageViews {
    private final UsageModel model;
    private final TopologyView topology;
    private final UsagePanel panel;
    private final ObjectProperty<UsageHeat.Mode> heat = new SimpleObjectProperty<>(this, "heat", UsageHeat.Mode.OFF);
    private MenuButton toggle;

    private UsageViews(UsageModel model, dev.wharf.views.model.InventoryViewModel vm, TopologyView topology) {
        this.model = model;
        this.topology = topology;
        this.panel = new UsagePanel(vm, model);
    }

    /**
     * Wires usage into the views; {@code details} takes the Usage panel (the details pane's Overview).
     * Call on the FX thread.
     */
    public static UsageViews install(UsageModel model, dev.wharf.views.model.InventoryViewModel vm, TopologyView topology,
                                     TableView<Item> table, Consumer<Node> details) {
        UsageViews v = new UsageViews(model, vm, topology);
        details.accept(v.panel);
        UsageColumns.install(table, model);
        model.frameProperty().addListener((o, a, f) -> v.tint());
        v.heat.addListener((o, a, m) -> v.tint());
        v.tint();
        return v;
    }

    private void tint() {
        topology.setTint(new UsageHeat(model.frame(), heat.get()));
    }

    /** The toolbar toggle: no colouring, heat by CPU, heat by memory. */
    public Node heatToggle() {
        if (toggle == null) {
            toggle = new MenuButton(null, new FontIcon(Feather.ACTIVITY));
            toggle.setId("usage-heat");
            toggle.getStyleClass().addAll("flat", "canvas-button", "usage-heat");
            toggle.setTooltip(new Tooltip("Colour by usage: a faint amber when idle, amber at half of what it may use, red at "
                    + "its limit; chips left plain are not measured (n/a)"));
            ToggleGroup g = new ToggleGroup();
            for (UsageHeat.Mode m : UsageHeat.Mode.values()) {
                RadioMenuItem i = new RadioMenuItem(m.label());
                i.setId("usage-heat-" + m.name().toLowerCase(java.util.Locale.ROOT));
                i.setToggleGroup(g);
                i.setSelected(m == heat.get());
                i.setOnAction(e -> heat.set(m));
                toggle.getItems().add(i);
            }
            heat.addListener((o, a, m) -> {
                toggle.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("on"), m != UsageHeat.Mode.OFF);
                g.getToggles().get(m.ordinal()).setSelected(true);
            });
        }
        return toggle;
    }

    /** What the topology is coloured by. */
    public ObjectProperty<UsageHeat.Mode> heatProperty() {
        return heat;
    }

    public UsagePanel panel() {
        return panel;
    }

    public UsageModel model() {
        return model;
    }

    /** The sparklines follow the theme. */
    public void setPalette(Palette p) {
        panel.setPalette(p);
    }
}
