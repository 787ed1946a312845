package dev.wharf.views.snapshots;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Snapshots;
import dev.wharf.views.model.Labels;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The Snapshots tab's questions as dialogs, shown without blocking ({@code show()}). */
public final class SnapshotDialogs implements SnapshotPrompts {
    private static final DateTimeFormatter SUGGESTED = DateTimeFormatter.ofPattern("'snap-'yyyyMMdd-HHmm");
    private final Supplier<Window> owner;

    public SnapshotDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void create(Item item, boolean memory, Consumer<NewSnapshot> answer) {
        Dialog<ButtonType> dialog = dialog("Take a snapshot of " + item.name(), "snapshot-create-dialog");
        TextField name = new TextField(LocalDateTime.now().format(SUGGESTED));
        name.setId("snapshot-name");
        TextArea description = new TextArea();
        description.setId("snapshot-description");
        description.setPromptText("What is it for? (\u201cbefore the kernel update\u201d)");
        description.setPrefRowCount(3);
        description.setWrapText(true);
        ToggleGroup kind = new ToggleGroup();
        RadioButton withMemory = new RadioButton("With memory: the running guest comes back running");
        withMemory.setId("snapshot-with-memory");
        RadioButton diskOnly = new RadioButton("Disks only");
        diskOnly.setId("snapshot-disk-only");
        withMemory.setToggleGroup(kind);
        diskOnly.setToggleGroup(kind);
        withMemory.setDisable(!memory);
        (memory ? withMemory : diskOnly).setSelected(true);
        Label problem = new Label();
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        ButtonType take = new ButtonType("Take snapshot", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, take);
        Node ok = dialog.getDialogPane().lookupButton(take);
        ok.setId("snapshot-take");
        Runnable check = () -> {
            String n = name.getText().strip();
            String bad = n.isEmpty() ? "A snapshot needs a name."
                    : n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}") ? null
                    : "Use letters, digits, '.', '_' and '-', starting with a letter or digit.";
            problem.setText(bad == null ? "" : bad);
            ok.setDisable(bad != null);
        };
        name.textProperty().addListener((o, a, b) -> check.run());
        check.run();
        VBox body = new VBox(8, new Label("Name"), name, new Label("Description"), description, withMemory, diskOnly,
                problem);
        body.getStyleClass().add("snapshot-form");
        dialog.getDialogPane().setContent(body);
        dialog.setOnShown(e -> name.requestFocus());
        dialog.setResultConverter(b -> b);
        dialog.resultProperty().addListener((o, a, b) -> {
            if (b == take) {
                answer.accept(new NewSnapshot(name.getText().strip(), description.getText().strip(), withMemory.isSelected()));
            }
        });
        dialog.show();
    }

    @Override
    public void confirmRevert(Item item, Snapshots.Snapshot snapshot, Consumer<Boolean> answer) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.getDialogPane().getStyleClass().add("confirm-dialog");
        alert.getDialogPane().setId("snapshot-revert-dialog");
        alert.setTitle("Revert " + item.name());
        alert.setHeaderText("Revert " + Labels.kind(item) + " \u201c" + item.name() + "\u201d to \u201c" + snapshot.name() + "\u201d?");
        alert.setContentText("What changed since the snapshot was taken is lost"
                + (snapshot.state() == null ? "." : "; it comes back " + snapshot.state() + "."));
        ButtonType go = new ButtonType("Revert", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, go);
        alert.getDialogPane().lookupButton(go).getStyleClass().add("danger");
        alert.resultProperty().addListener((o, a, b) -> answer.accept(b == go));
        alert.show();
    }

    @Override
    public void delete(Item item, Snapshots.Snapshot snapshot, int children, Consumer<Boolean> withChildren) {
        Dialog<ButtonType> dialog = dialog("Delete snapshot " + snapshot.name(), "snapshot-delete-dialog");
        dialog.setHeaderText("Delete snapshot \u201c" + snapshot.name() + "\u201d of " + item.name() + "?");
        CheckBox also = new CheckBox("Also its " + children + (children == 1 ? " child" : " descendants"));
        also.setId("snapshot-delete-children");
        VBox body = new VBox(8, new Label(children == 0 ? "It has no children." : "Without them, its children stay "
                + "and hang from its parent."));
        if (children > 0) {
            body.getChildren().add(also);
        }
        dialog.getDialogPane().setContent(body);
        ButtonType go = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, go);
        dialog.getDialogPane().lookupButton(go).getStyleClass().add("danger");
        dialog.setResultConverter(b -> b);
        dialog.resultProperty().addListener((o, a, b) -> {
            if (b == go) {
                withChildren.accept(also.isSelected());
            }
        });
        dialog.show();
    }

    @Override
    public void stopFirst(Item item, String why, Consumer<Boolean> answer) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.getDialogPane().getStyleClass().add("confirm-dialog");
        alert.getDialogPane().setId("snapshot-stop-first-dialog");
        alert.setTitle("Stop " + item.name() + " first");
        alert.setHeaderText(why);
        alert.setContentText("Stop it now? Then restore again once it shows Stopped.");
        ButtonType stop = new ButtonType("Stop it first", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, stop);
        alert.resultProperty().addListener((o, a, b) -> answer.accept(b == stop));
        alert.show();
    }

    private Dialog<ButtonType> dialog(String title, String id) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.getDialogPane().getStyleClass().add("confirm-dialog");
        dialog.getDialogPane().setId(id);
        return dialog;
    }
}
