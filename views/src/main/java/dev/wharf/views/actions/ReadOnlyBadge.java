package dev.wharf.views.actions;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/** The READ-ONLY mark on a read-only connection's source card and on its items' details header. */
public final class ReadOnlyBadge {
    private ReadOnlyBadge() {
    }

    public static Label create() {
        Label l = new Label("READ-ONLY");
        l.getStyleClass().add("read-only-badge");
        l.setMinWidth(Label.USE_PREF_SIZE);
        Tooltip t = new Tooltip("A read-only connection: Wharf shows it and changes nothing through it "
                + "(no action, edit, delete, shell or port-forward; serial consoles are view-only).");
        t.setWrapText(true);
        t.setMaxWidth(360);
        l.setTooltip(t);
        return l;
    }
}
