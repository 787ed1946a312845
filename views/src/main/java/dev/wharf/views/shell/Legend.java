package dev.wharf.views.shell;

import dev.wharf.inventory.Isolation;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;
import dev.wharf.views.theme.Glyphs;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/** The key to the topology's glyphs and badges: two groups, Kinds and Isolation, each under its heading. */
final class Legend {
    private Legend() {
    }

    /** Pod, Sandbox, microVM, VM: the chips' glyphs. */
    static HBox kinds() {
        HBox g = group("Kinds");
        for (ShownKind k : new ShownKind[] {ShownKind.POD, ShownKind.SANDBOX, ShownKind.MICROVM, ShownKind.VM}) {
            g.getChildren().add(item(Labels.kind(k), Glyphs.kind(k, 12)));
        }
        return g;
    }

    /** container, sandbox, microVM, VM: the badges at a chip's right end. */
    static HBox isolation() {
        HBox g = group("Isolation");
        for (Isolation i : Isolation.values()) {
            g.getChildren().add(item(Labels.isolation(i), Glyphs.isolation(i, 11)));
        }
        return g;
    }

    private static HBox group(String heading) {
        Label h = new Label(heading);
        h.getStyleClass().add("legend-heading");
        h.setMinWidth(Region.USE_PREF_SIZE);
        HBox g = new HBox(10, h);
        g.getStyleClass().add("legend");
        g.setAlignment(Pos.CENTER_LEFT);
        g.setMinWidth(Region.USE_PREF_SIZE);
        g.setMouseTransparent(true);
        return g;
    }

    private static Label item(String text, Node glyph) {
        Label l = new Label(text, glyph);
        l.getStyleClass().add("legend-item");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
