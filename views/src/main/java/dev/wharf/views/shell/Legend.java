package dev.wharf.views.shell;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Kind;
import dev.wharf.views.model.Labels;
import dev.wharf.views.theme.Glyphs;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/** A small key to the topology's glyphs and badges. */
final class Legend extends HBox {
    Legend() {
        super(12);
        getStyleClass().add("legend");
        setAlignment(Pos.CENTER_LEFT);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        setMouseTransparent(true);
        for (Kind k : new Kind[] {Kind.POD, Kind.VM, Kind.MICROVM}) {
            Label l = new Label(Labels.kind(k), Glyphs.kind(k, 12));
            l.getStyleClass().add("legend-item");
            getChildren().add(l);
        }
        Label sep = new Label("·");
        sep.getStyleClass().add("muted");
        getChildren().add(sep);
        for (Isolation i : Isolation.values()) {
            Label l = new Label(Labels.isolation(i), Glyphs.isolation(i, 11));
            l.getStyleClass().add("legend-item");
            getChildren().add(l);
        }
    }
}
