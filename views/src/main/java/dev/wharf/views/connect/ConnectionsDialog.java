package dev.wharf.views.connect;

import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.connect.LibvirtUriForm.Transport;
import dev.wharf.views.model.TaskRunner;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Manages saved connections: Kubernetes contexts (from the default kubeconfig or a picked file)
 * and libvirt hosts (a form or a raw URI, validated as you type), each with "Test connection",
 * which runs in the background and says exactly what failed. Returns the new list on Save.
 */
public final class ConnectionsDialog extends Dialog<List<ConnectionEntry>> {
    private final ConnectionSupport support;
    private final TaskRunner runner;
    private final ObservableList<ConnectionEntry> saved;

    // kubernetes
    private final TextField kubeconfig = new TextField();
    private final ComboBox<String> context = new ComboBox<>();
    private final Label kubeStatus = new Label();
    // libvirt
    private final TextField host = new TextField();
    private final TextField user = new TextField();
    private final ChoiceBox<Transport> transport = new ChoiceBox<>(FXCollections.observableArrayList(Transport.values()));
    private final TextField port = new TextField();
    private final TextField keyFile = new TextField();
    private final TextField rawUri = new TextField();
    private final Label uriPreview = new Label();
    private final Label uriProblem = new Label();
    private final Label libvirtStatus = new Label();
    private final Button addLibvirt = new Button("Add host", new FontIcon(Feather.PLUS));
    private final Button testLibvirt = new Button("Test connection", new FontIcon(Feather.ACTIVITY));
    private boolean touched;

    public ConnectionsDialog(List<ConnectionEntry> current, ConnectionSupport support, TaskRunner runner) {
        this.support = support;
        this.runner = runner;
        this.saved = FXCollections.observableArrayList(current);
        setTitle("Connections");
        setHeaderText(null);
        setResizable(true);
        getDialogPane().getStyleClass().add("connections-dialog");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, save);
        setResultConverter(b -> b == save ? List.copyOf(saved) : null);

        ListView<ConnectionEntry> list = new ListView<>(saved);
        list.setId("saved-connections");
        Label none = new Label("No saved connections: Wharf opens the kubeconfig's current context, or the lab.");
        none.setWrapText(true);
        none.setPadding(new Insets(12));
        none.getStyleClass().add("muted");
        list.setPlaceholder(none);
        list.setCellFactory(l -> new EntryCell());
        list.setPrefSize(300, 360);
        list.setMinWidth(240);
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId("remove-connection");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> saved.remove(list.getSelectionModel().getSelectedItem()));
        Label savedTitle = new Label("Saved connections");
        savedTitle.getStyleClass().add("section-title");
        VBox left = new VBox(8, savedTitle, list, new HBox(12, remove, ReadOnlyToggle.of(list, saved)));
        VBox.setVgrow(list, Priority.ALWAYS);

        TabPane tabs = new TabPane(new Tab("Kubernetes", kubernetesPane()), new Tab("libvirt host", libvirtPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefWidth(480);
        HBox body = new HBox(18, left, tabs);
        body.setPadding(new Insets(10, 12, 4, 12));
        HBox.setHgrow(tabs, Priority.ALWAYS);
        getDialogPane().setContent(body);
        // sized for both panes (a window manager may otherwise open it at the content's minimum)
        getDialogPane().setPrefSize(900, 560);
        getDialogPane().setMinSize(760, 480);
        setResizable(true);
        reloadContexts();
        validateLibvirt();
    }

    private GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(10);
        g.setPadding(new Insets(14, 4, 4, 4));
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        return g;
    }

    private VBox kubernetesPane() {
        kubeconfig.setId("kubeconfig");
        kubeconfig.setPromptText("default: $KUBECONFIG or ~/.kube/config");
        Button browse = new Button(null, new FontIcon(Feather.FOLDER));
        browse.setOnAction(e -> pickFile("Choose a kubeconfig file", kubeconfig));
        Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
        reload.setOnAction(e -> reloadContexts());
        kubeconfig.setOnAction(e -> reloadContexts());
        kubeconfig.textProperty().addListener((o, a, b) -> clearStatus(kubeStatus));
        context.valueProperty().addListener((o, a, b) -> {
            if (a != null) {
                clearStatus(kubeStatus); // another context: the last test said nothing about it
            }
        });
        HBox fileRow = new HBox(6, kubeconfig, browse, reload);
        HBox.setHgrow(kubeconfig, Priority.ALWAYS);
        context.setId("context");
        context.setMaxWidth(Double.MAX_VALUE);
        GridPane g = grid();
        g.addRow(0, new Label("Kubeconfig"), fileRow);
        g.addRow(1, new Label("Context"), context);
        Button test = new Button("Test connection", new FontIcon(Feather.ACTIVITY));
        test.disableProperty().bind(context.valueProperty().isNull());
        test.setOnAction(e -> test(kubernetesEntry(), kubeStatus));
        Button add = new Button("Add context", new FontIcon(Feather.PLUS));
        add.getStyleClass().add("accent");
        add.disableProperty().bind(context.valueProperty().isNull());
        add.setOnAction(e -> addEntry(kubernetesEntry(), kubeStatus));
        HBox buttons = new HBox(8, test, add);
        kubeStatus.setWrapText(true);
        kubeStatus.getStyleClass().add("form-status");
        return new VBox(10, g, buttons, kubeStatus);
    }

    private VBox libvirtPane() {
        host.setId("libvirt-host");
        host.setPromptText("kvm1.example.org");
        user.setId("libvirt-user");
        user.setPromptText("root");
        transport.setId("libvirt-transport");
        transport.setValue(Transport.SSH);
        transport.setConverter(new StringConverter<>() {
            @Override
            public String toString(Transport t) {
                return t == null ? "" : t.label();
            }

            @Override
            public Transport fromString(String s) {
                return null;
            }
        });
        port.setId("libvirt-port");
        port.setPromptText("default");
        port.setPrefColumnCount(6);
        keyFile.setId("libvirt-keyfile");
        keyFile.setPromptText("SSH agent or default keys");
        Button browse = new Button(null, new FontIcon(Feather.FOLDER));
        browse.setOnAction(e -> pickFile("Choose an SSH private key", keyFile));
        HBox keyRow = new HBox(6, keyFile, browse);
        HBox.setHgrow(keyFile, Priority.ALWAYS);
        rawUri.setId("libvirt-uri");
        rawUri.setPromptText("or a raw URI: qemu+ssh://root@kvm1/system");
        GridPane g = grid();
        g.addRow(0, new Label("Host"), host);
        g.addRow(1, new Label("User"), user);
        Label portLabel = new Label("Port");
        portLabel.setMinWidth(Region.USE_PREF_SIZE);
        transport.setMinWidth(Region.USE_PREF_SIZE);
        port.setMinWidth(70);
        HBox tp = new HBox(10, transport, portLabel, port);
        tp.setAlignment(Pos.CENTER_LEFT);
        g.addRow(2, new Label("Transport"), tp);
        g.addRow(3, new Label("Key file"), keyRow);
        g.addRow(4, new Label("URI"), rawUri);
        uriPreview.setId("libvirt-uri-preview");
        uriPreview.getStyleClass().add("muted");
        uriProblem.setId("libvirt-uri-problem");
        uriProblem.getStyleClass().add("error-text");
        uriProblem.setWrapText(true);
        for (TextField f : List.of(host, user, port, keyFile, rawUri)) {
            f.textProperty().addListener((o, a, b) -> {
                touched = true; // problems show once the user typed something, not on an empty form
                clearStatus(libvirtStatus); // an old test result no longer applies
                validateLibvirt();
            });
        }
        rawUri.textProperty().addListener((o, a, b) -> LibvirtUriForm.transportOf(b).ifPresent(transport::setValue));
        transport.valueProperty().addListener((o, a, b) -> {
            clearStatus(libvirtStatus);
            validateLibvirt();
        });
        testLibvirt.setId("libvirt-test");
        testLibvirt.setOnAction(e -> test(ConnectionEntry.libvirt(libvirtUri()), libvirtStatus));
        addLibvirt.setId("libvirt-add");
        addLibvirt.getStyleClass().add("accent");
        addLibvirt.setOnAction(e -> addEntry(ConnectionEntry.libvirt(libvirtUri()), libvirtStatus));
        libvirtStatus.setWrapText(true);
        libvirtStatus.setId("libvirt-status");
        libvirtStatus.getStyleClass().add("form-status");
        return new VBox(10, g, uriPreview, uriProblem, new HBox(8, testLibvirt, addLibvirt), libvirtStatus);
    }

    /** The URI the libvirt form stands for now. */
    public String libvirtUri() {
        String raw = rawUri.getText().strip();
        if (!raw.isEmpty()) {
            return raw;
        }
        return LibvirtUriForm.uri(host.getText(), user.getText(), transport.getValue(), port.getText(), keyFile.getText());
    }

    private void validateLibvirt() {
        String raw = rawUri.getText().strip();
        String problem = raw.isEmpty() ? LibvirtUriForm.problem(host.getText(), transport.getValue(), port.getText()) : "";
        String uri = libvirtUri();
        if (problem.isEmpty()) {
            problem = support.validateLibvirtUri(uri).orElse("");
        }
        uriPreview.setText(raw.isEmpty() ? "URI: " + uri : "");
        boolean show = touched && !problem.isEmpty();
        uriProblem.setText(show ? problem : "");
        uriProblem.setVisible(show);
        uriProblem.setManaged(show);
        boolean bad = !problem.isEmpty();
        addLibvirt.setDisable(bad);
        testLibvirt.setDisable(bad);
    }

    private ConnectionEntry kubernetesEntry() {
        return ConnectionEntry.kubernetes(kubeconfig.getText().strip(), context.getValue());
    }

    /** Reads the kubeconfig's contexts in the background (parsing a kubeconfig is file I/O). */
    private void reloadContexts() {
        String file = kubeconfig.getText().strip();
        kubeStatus.setText("Reading " + (file.isEmpty() ? "the default kubeconfig" : file) + "…");
        runner.run(() -> java.util.concurrent.CompletableFuture.completedFuture(
                support.contexts(file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)))), (names, e) -> {
                    if (!file.equals(kubeconfig.getText().strip())) {
                        return; // the user picked another file meanwhile
                    }
                    if (e != null) {
                        context.getItems().clear();
                        status(kubeStatus, WharfException.userMessage(e), false);
                        return;
                    }
                    context.getItems().setAll(names);
                    if (!names.isEmpty()) {
                        context.setValue(names.get(0));
                    }
                    status(kubeStatus, names.isEmpty() ? "The kubeconfig has no contexts."
                            : names.size() + (names.size() == 1 ? " context" : " contexts") + " found.", !names.isEmpty());
                });
    }

    private void addEntry(ConnectionEntry e, Label status) {
        if (saved.contains(e) || saved.contains(e.withReadOnly(!e.readOnly()))) {
            status(status, "Already saved: " + e.label(), false);
            return;
        }
        saved.add(e);
        status(status, "Added " + e.label() + ". Save to keep it.", true);
    }

    private void test(ConnectionEntry e, Label status) {
        status.setText("Testing " + e.label() + "…");
        status.getStyleClass().removeAll("success-text", "error-text");
        status.setGraphic(new javafx.scene.control.ProgressIndicator(-1));
        ((Region) status.getGraphic()).setPrefSize(14, 14);
        runner.run(() -> support.test(e), (ok, err) -> {
            if (err == null) {
                status(status, ok, true);
            } else {
                status(status, "Failed: " + WharfException.userMessage(err), false);
            }
        });
    }

    private static void clearStatus(Label l) {
        l.setText("");
        l.setGraphic(null);
        l.getStyleClass().removeAll("success-text", "error-text");
    }

    private static void status(Label l, String text, boolean ok) {
        l.setGraphic(new FontIcon(ok ? Feather.CHECK_CIRCLE : Feather.ALERT_CIRCLE));
        l.setText(text);
        l.getStyleClass().removeAll("success-text", "error-text");
        l.getStyleClass().add(ok ? "success-text" : "error-text");
    }

    private void pickFile(String title, TextField target) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        String cur = target.getText().strip();
        File start = cur.isEmpty() ? new File(System.getProperty("user.home")) : new File(cur).getParentFile();
        if (start != null && start.isDirectory()) {
            fc.setInitialDirectory(start);
        }
        File f = fc.showOpenDialog(getDialogPane().getScene().getWindow());
        if (f != null) {
            target.setText(f.getAbsolutePath());
            if (target == kubeconfig) {
                reloadContexts();
            }
        }
    }

    private static final class EntryCell extends ListCell<ConnectionEntry> {
        @Override
        protected void updateItem(ConnectionEntry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(e.label());
                setGraphic(new FontIcon(e.type() == SourceType.KUBERNETES ? Feather.BOX : Feather.SERVER));
            }
        }
    }
}
