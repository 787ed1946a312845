package dev.wharf.views.connect;

import javafx.collections.ObservableList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;

/**
 * The Connections dialog's "Read-only" check box: it shows and sets whether the saved connection
 * selected in the list is read-only (Wharf then offers no action, edit, shell or port-forward on
 * it, and its backend refuses them).
 */
final class ReadOnlyToggle {
    private ReadOnlyToggle() {
    }

    static CheckBox of(ListView<ConnectionEntry> list, ObservableList<ConnectionEntry> saved) {
        CheckBox box = new CheckBox("Read-only");
        box.setId("connection-read-only");
        box.setTooltip(new Tooltip("Show this connection, never change anything through it: no action, edit, "
                + "snapshot, delete, shell or port-forward; serial consoles are view-only."));
        box.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        boolean[] syncing = {false};
        list.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> {
            syncing[0] = true;
            box.setSelected(e != null && e.readOnly());
            syncing[0] = false;
        });
        box.selectedProperty().addListener((o, a, on) -> {
            ConnectionEntry e = list.getSelectionModel().getSelectedItem();
            int at = list.getSelectionModel().getSelectedIndex();
            if (syncing[0] || e == null || e.readOnly() == on || at < 0) {
                return;
            }
            saved.set(at, e.withReadOnly(on));
            list.getSelectionModel().select(at);
        });
        return box;
    }
}
