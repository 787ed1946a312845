package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.Item;
import dev.wharf.views.model.Labels;

import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Confirms a destructive action naming its target; Delete also asks the user to type the name.
 * Shown without blocking ({@code show()}, not {@code showAndWait()}).
 */
public final class ConfirmDialog implements Confirmer {
    private final Supplier<Window> owner;

    public ConfirmDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void confirm(Item item, Action action, Consumer<Boolean> answer) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.setTitle(action.label() + " " + item.name());
        alert.setHeaderText(action == Action.RESTART_WORKLOAD && item.facet(Controller.class).isPresent()
                ? "Restart " + item.facet(Controller.class).get().label() + "?"
                : action.label() + " " + Labels.kind(item) + " \u201c" + item.name() + "\u201d?");
        ButtonType go = new ButtonType(action.label(), ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, go);
        alert.getDialogPane().getStyleClass().add("confirm-dialog");
        VBox body = new VBox(10);
        Label what = new Label(consequence(item, action));
        what.setWrapText(true);
        body.getChildren().add(what);
        Button goButton = (Button) alert.getDialogPane().lookupButton(go);
        goButton.getStyleClass().add("danger");
        goButton.setDefaultButton(false);
        Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true);
        if (action == Action.DELETE) {
            Label ask = new Label("Type " + item.name() + " to confirm:");
            TextField typed = new TextField();
            typed.setId("confirm-name");
            typed.setPromptText(item.name());
            var matches = typed.textProperty().isEqualTo(item.name());
            goButton.disableProperty().bind(matches.not());
            // Enter confirms once the name matches (and cancels before)
            goButton.defaultButtonProperty().bind(matches);
            cancel.defaultButtonProperty().bind(matches.not());
            body.getChildren().addAll(ask, typed);
            alert.setOnShown(e -> typed.requestFocus());
        }
        body.setPrefWidth(420);
        alert.getDialogPane().setContent(body);
        alert.resultProperty().addListener((o, a, r) -> answer.accept(r == go));
        alert.show();
    }

    private static String consequence(Item item, Action action) {
        String where = item.namespace() == null ? "" : " in namespace " + item.namespace();
        return switch (action) {
            case DELETE -> item.name() + where + " will be deleted. This cannot be undone.";
            case FORCE_OFF -> item.name() + where + " will be powered off at once, like pulling the plug: "
                    + "unsaved data in the guest is lost.";
            case STOP -> item.name() + where + " will be stopped; what runs in it ends.";
            case RESTART -> item.name() + where + " will be restarted; what runs in it is interrupted.";
            case RESTART_WORKLOAD -> item.facet(Controller.class).map(c -> "The pods of " + c.label() + where
                    + " will be replaced one by one, as kubectl rollout restart does; " + item.name() + " is one of them.")
                    .orElse(item.name() + where + " will be restarted by its controller.");
            case DRAIN -> item.name() + " will be cordoned and its pods evicted.";
            default -> action.label() + " " + item.name() + where + ".";
        };
    }
}
