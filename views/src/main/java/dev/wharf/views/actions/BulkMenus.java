package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;

import java.util.List;

import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.Pane;

import org.kordamp.ikonli.javafx.FontIcon;

/** The buttons and the context menu of a multi-selection: the actions all its items accept now. */
public final class BulkMenus {
    private BulkMenus() {
    }

    /** Fills the selection bar: "4 selected" and one button per common action. */
    public static void fillBar(Label name, Pane bar, List<Item> items, BulkActionFlow bulk) {
        bar.getChildren().clear();
        name.setText(items.size() + " selected");
        for (Action a : bulk.common(items)) {
            Button b = new Button(null, new FontIcon(ActionMenus.icon(a)));
            b.setId("action-" + a.wire());
            b.getStyleClass().add("action-button");
            if (a.destructive()) {
                b.getStyleClass().add("destructive");
            }
            b.setTooltip(ActionMenus.tip(a.label() + " all " + items.size()));
            b.setOnAction(e -> bulk.request(items, a));
            bar.getChildren().add(b);
        }
    }

    /** A context menu for the whole selection; says so when no action suits every item. */
    public static ContextMenu contextMenu(List<Item> items, BulkActionFlow bulk) {
        ContextMenu m = new ContextMenu();
        m.getStyleClass().add("item-menu");
        MenuItem head = new MenuItem(items.size() + " selected");
        head.setDisable(true);
        m.getItems().add(head);
        List<Action> common = bulk.common(items);
        if (common.isEmpty()) {
            MenuItem none = new MenuItem("No action suits all of them now");
            none.setDisable(true);
            m.getItems().add(none);
        }
        for (Action a : common) {
            MenuItem mi = new MenuItem(a.label() + " " + items.size() + "…", new FontIcon(ActionMenus.icon(a)));
            mi.setId("bulk-" + a.wire());
            if (a.destructive()) {
                mi.getStyleClass().add("danger");
            }
            mi.setOnAction(e -> bulk.request(items, a));
            m.getItems().add(mi);
        }
        return m;
    }
}
