package dev.wharf.views.portforward;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.TaskRunner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Asks which port to forward: the remote port (the item's declared ports suggested), the local port
 * (the same when it is free, else empty for a free one) and the address (127.0.0.1 unless asked).
 */
public final class PortForwardDialog {
    private final PortForwards forwards;
    private final TaskRunner runner;
    private final Supplier<Window> owner;

    public PortForwardDialog(PortForwards forwards, TaskRunner runner, Supplier<Window> owner) {
        this.forwards = forwards;
        this.runner = runner;
        this.owner = owner;
    }

    /** Reads the declared ports off the FX thread, then shows the dialog. */
    public void open(Item item) {
        PortForwarder f = forwards.forwarder(item).orElse(null);
        if (f == null) {
            forwards.start(item, new ForwardRequest(0, 0, ForwardRequest.LOOPBACK), false); // says why not
            return;
        }
        runner.run(() -> CompletableFuture.supplyAsync(() -> {
                    List<PortForwarder.Port> ports = f.ports(item);
                    return new Suggested(ports, ports.stream().findFirst()
                            .map(p -> ForwardRequest.isFree(p.number())).orElse(true));
                }),
                (s, e) -> show(item, s == null ? new Suggested(List.of(), true) : s));
    }

    /** The declared ports, and whether the first one is free locally. */
    private record Suggested(List<PortForwarder.Port> ports, boolean firstFree) {
    }

    static String label(PortForwarder.Port p) {
        String extra = (p.name().isEmpty() ? "" : p.name()) + (p.where().isEmpty() ? "" : (p.name().isEmpty() ? "" : " \u00b7 ") + p.where());
        return p.number() + (extra.isEmpty() ? "" : "  " + extra) + ("TCP".equalsIgnoreCase(p.protocol()) ? "" : "  (" + p.protocol() + ")");
    }

    private void show(Item item, Suggested suggested) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Port-forward " + item.name());
        dialog.setHeaderText("Forward a local port to " + Labels.kind(item) + " \u201c" + item.name() + "\u201d");
        dialog.getDialogPane().getStyleClass().addAll("confirm-dialog", "port-forward-dialog");
        dialog.getDialogPane().setId("port-forward-dialog");
        ButtonType go = new ButtonType("Forward", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, go);

        ComboBox<String> remote = new ComboBox<>();
        remote.setId("port-forward-remote");
        remote.setEditable(true);
        remote.setPromptText("port in the " + Labels.kind(item));
        suggested.ports().forEach(p -> remote.getItems().add(label(p)));
        TextField local = new TextField();
        local.setId("port-forward-local");
        local.setPromptText("any free port");
        TextField address = new TextField(ForwardRequest.LOOPBACK);
        address.setId("port-forward-address");
        Label error = new Label();
        error.setId("port-forward-error");
        error.getStyleClass().add("form-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());
        error.setVisible(false);
        boolean[] localEdited = {false};
        if (!suggested.ports().isEmpty()) {
            remote.getSelectionModel().select(0);
            if (suggested.firstFree()) {
                local.setText(String.valueOf(suggested.ports().get(0).number()));
            }
        }
        local.textProperty().addListener((o, a, b) -> {
            if (local.isFocused()) {
                localEdited[0] = true;
            }
        });
        remote.getEditor().textProperty().addListener((o, a, b) -> {
            if (!localEdited[0]) {
                // the same local port by default (whether it is free is checked when forwarding)
                String digits = b == null ? "" : b.strip().replaceAll("\\D.*$", "");
                local.setText(digits);
            }
        });
        remote.valueProperty().addListener((o, a, b) -> {
            if (b != null && !localEdited[0]) {
                local.setText(b.strip().replaceAll("\\D.*$", ""));
            }
        });

        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        grid.addRow(0, new Label("Remote port"), remote);
        grid.addRow(1, new Label("Local port"), local);
        grid.addRow(2, new Label("Listen on"), address);
        Label note = new Label(suggested.ports().isEmpty()
                ? "It declares no ports: type the one its server listens on."
                : "Its declared ports are suggested. Leave the local port empty for any free one. "
                        + "127.0.0.1 keeps the port to this machine; 0.0.0.0 opens it to your network.");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        VBox body = new VBox(10, grid, error, note);
        body.setPrefWidth(440);
        dialog.getDialogPane().setContent(body);
        dialog.setOnShown(e -> remote.getEditor().requestFocus());

        Node ok = dialog.getDialogPane().lookupButton(go);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                ForwardRequest r = request(remote, local, address);
                boolean web = suggested.ports().stream().filter(p -> p.number() == r.remote())
                        .map(PortForwarder.Port::looksLikeHttp).findFirst()
                        .orElse(Forward.looksLikeHttp(r.remote(), ""));
                forwards.start(item, r, web);
            } catch (IllegalArgumentException x) {
                error.setText(x.getMessage());
                error.setVisible(true);
                e.consume(); // keep the dialog open: nothing typed is lost
            }
        });
        dialog.show();
    }

    static ForwardRequest request(ComboBox<String> remote, TextField local, TextField address) {
        String typed = remote.getEditor().getText();
        return ForwardRequest.parse(typed == null || typed.isBlank() ? remote.getValue() : typed, local.getText(),
                address.getText());
    }
}
