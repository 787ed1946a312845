package dev.wharf.views.edit;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.TaskRunner;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Definition tab's Edit button: enabled when the item's source offers a {@link DefinitionEditor}
 * for it, and opens an {@link EditWindow} on it.
 */
public final class EditButton extends Button {
    /** The tooltip on a read-only connection's items: the definition stays readable, not editable. */
    public static final String READ_ONLY = "read-only connection: the definition can be read, not edited";

    private final Backend backend;
    private final TaskRunner runner;
    private Item item;
    private java.util.function.Consumer<Item> onApplied = i -> { };

    public EditButton(Backend backend, TaskRunner runner) {
        super("Edit", new FontIcon(Feather.EDIT_2));
        this.backend = backend;
        this.runner = runner;
        setId("details-edit");
        setMinWidth(USE_PREF_SIZE); // a narrow details pane shortens the status beside it, never "✎ …"
        setDisable(true);
        setOnAction(e -> editor().filter(ed -> backend.writable(item)).ifPresent(ed -> {
            Item edited = item;
            EditWindow w = new EditWindow(ed, runner, edited, getScene() == null ? null : getScene().getWindow());
            w.setOnWritten(() -> onApplied.accept(edited));
            w.open();
        }));
    }

    /** What to do after an edit of {@code item} was applied (reload the Definition tab). */
    public void onApplied(java.util.function.Consumer<Item> action) {
        this.onApplied = action;
    }

    /** Follows the item shown in the details. */
    public void showFor(Item shown) {
        this.item = shown;
        boolean readOnly = shown != null && !backend.writable(shown);
        boolean can = !readOnly && editor().isPresent();
        setDisable(!can);
        // a disabled button shows no tooltip in JavaFX: a lock says why (the details show READ-ONLY)
        setGraphic(new FontIcon(readOnly ? Feather.LOCK : Feather.EDIT_2));
        setAccessibleHelp(readOnly ? READ_ONLY : null);
        setTooltip(new Tooltip(readOnly ? READ_ONLY : can
                ? "Edit the definition: a diff and a dry run before anything is written"
                : "Its source cannot edit this definition"));
    }

    private Optional<DefinitionEditor> editor() {
        Item i = item;
        return i == null ? Optional.empty() : backend.capability(i, DefinitionEditor.class).filter(e -> e.canEdit(i));
    }
}
