package dev.wharf.views.graphics;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks for a VNC password in a dialog. Called on the handshake's thread, which waits (at most five
 * minutes) for the answer; the FX thread only shows the dialog. The password is returned once as
 * a char array, never stored or logged.
 */
final class PasswordPrompt {
    private PasswordPrompt() {
    }

    static Supplier<char[]> asker(Supplier<Node> owner, String name) {
        return () -> {
            CompletableFuture<char[]> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(show(owner.get(), name));
                } catch (RuntimeException e) {
                    answer.complete(null);
                }
            });
            try {
                return answer.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                return null;
            }
        };
    }

    private static char[] show(Node owner, String name) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.setTitle("VNC password");
        if (owner != null && owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        PasswordField field = new PasswordField();
        dialog.getDialogPane().setContent(new VBox(8, new Label("The graphical console of " + name
                + " asks for a VNC password."), field));
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK ? field.getText().toCharArray() : null);
        Platform.runLater(field::requestFocus);
        char[] result = dialog.showAndWait().orElse(null);
        field.clear();
        return result;
    }
}
