package dev.wharf.views.connect;

import dev.wharf.inventory.CredentialPrompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks for libvirt credentials in a dialog. Called by a connector on ITS worker thread: hops to
 * the JavaFX thread, shows the dialog and waits for the answer. Never call it on the JavaFX
 * thread (it would wait for itself): it refuses.
 */
public final class FxCredentialPrompt implements CredentialPrompt {
    private final Supplier<Window> owner;

    public FxCredentialPrompt(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<List<char[]>> ask(String target, List<Question> questions) {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("credential prompt called on the JavaFX thread; call it from a worker");
        }
        CompletableFuture<Optional<List<char[]>>> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                show(target, questions, answer);
            } catch (RuntimeException e) {
                answer.complete(Optional.empty());
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private void show(String target, List<Question> questions, CompletableFuture<Optional<List<char[]>>> answer) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner.get());
        d.setTitle("Credentials for " + target);
        d.setHeaderText(target + " asks for credentials.\nThey are used for this connection only and never saved.");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        List<TextInputControl> fields = new ArrayList<>();
        int row = 0;
        for (Question q : questions) {
            TextInputControl f = q.kind().secret() ? new PasswordField() : new TextField();
            if (!q.kind().secret() && q.defaultValue() != null) {
                f.setText(q.defaultValue());
            }
            f.setId("credential-" + row);
            f.setPrefWidth(260);
            grid.addRow(row++, new Label(q.prompt()), f);
            fields.add(f);
        }
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        d.setResultConverter(b -> b);
        // the dialog closes itself when its result is set: read the result once it is hidden
        d.setOnHidden(e -> {
            if (d.getResult() == ButtonType.OK) {
                List<char[]> out = new ArrayList<>();
                for (TextInputControl f : fields) {
                    out.add(f.getText().toCharArray());
                    f.clear();
                }
                answer.complete(Optional.of(out));
            } else {
                answer.complete(Optional.empty());
            }
        });
        if (!fields.isEmpty()) {
            d.setOnShown(e -> fields.get(0).requestFocus());
        }
        d.show();
    }
}
