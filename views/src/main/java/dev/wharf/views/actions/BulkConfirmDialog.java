package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;

import java.util.List;
import java.util.Map;
import java.util.EnumMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The ONE confirmation of a bulk action: what it does, to how many of which kind, and every
 * target listed; a bulk Delete also asks to type the number of targets. Shown without blocking.
 */
public final class BulkConfirmDialog implements BulkActionFlow.BulkConfirmer {
    private final Supplier<Window> owner;

    public BulkConfirmDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void confirm(List<Item> targets, Action action, Consumer<Boolean> answer) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        String count = String.valueOf(targets.size());
        alert.setTitle(action.label() + " " + count + " items");
        alert.setHeaderText(action.label() + " " + kinds(targets) + "?");
        ButtonType go = new ButtonType(action.label() + " " + count, ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, go);
        alert.getDialogPane().getStyleClass().addAll("confirm-dialog", "bulk-confirm");
        Button goButton = (Button) alert.getDialogPane().lookupButton(go);
        goButton.setId("bulk-go");
        goButton.getStyleClass().add(action.destructive() ? "danger" : "accent");
        Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
        goButton.setDefaultButton(!action.destructive());
        cancel.setDefaultButton(action.destructive());

        Label what = new Label(consequence(action, targets.size()));
        what.setWrapText(true);
        ListView<String> list = new ListView<>();
        list.setId("bulk-targets");
        list.getStyleClass().add("bulk-targets");
        for (Item i : targets) {
            list.getItems().add(Labels.kind(i) + "  " + (i.namespace() == null ? "" : i.namespace() + "/") + i.name());
        }
        list.setPrefHeight(Math.min(targets.size(), 10) * 26 + 6);
        list.setFocusTraversable(false);
        VBox body = new VBox(10, what, list);
        if (action == Action.DELETE) {
            Label ask = new Label("Type " + count + " (the number of items) to confirm:");
            TextField typed = new TextField();
            typed.setId("confirm-count");
            typed.setPromptText(count);
            var matches = typed.textProperty().isEqualTo(count);
            goButton.disableProperty().bind(matches.not());
            goButton.defaultButtonProperty().bind(matches);
            cancel.defaultButtonProperty().bind(matches.not());
            body.getChildren().addAll(ask, typed);
            alert.setOnShown(e -> typed.requestFocus());
        }
        body.setPrefWidth(440);
        alert.getDialogPane().setContent(body);
        alert.resultProperty().addListener((o, a, r) -> answer.accept(r == go));
        alert.show();
    }

    /** "3 VMs and 1 pod", "2 nodes". */
    public static String kinds(List<Item> targets) {
        Map<ShownKind, Integer> byKind = new EnumMap<>(ShownKind.class);
        targets.forEach(i -> byKind.merge(ShownKind.of(i), 1, Integer::sum));
        List<String> parts = byKind.entrySet().stream()
                .map(e -> e.getValue() + " " + Labels.kind(e.getKey(), e.getValue())).toList();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String consequence(Action action, int n) {
        String each = "Each of these " + n + " items";
        return switch (action) {
            case DELETE -> each + " will be deleted. This cannot be undone.";
            case FORCE_OFF -> each + " will be powered off at once: unsaved data in the guests is lost.";
            case STOP -> each + " will be stopped; what runs in it ends.";
            case RESTART, REBOOT -> each + " will be restarted; what runs in it is interrupted.";
            default -> action.label() + " each of these " + n + " items, at most " + BulkActionFlow.PARALLEL
                    + " at a time.";
        };
    }
}
