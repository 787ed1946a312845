package dev.wharf.views.portforward;

import dev.wharf.inventory.Forward;

import java.util.function.Consumer;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Port-forwards list: target, ports, status (reconnecting and gone said plainly, with the
 * reason in a tooltip), bytes each way, connections; Open in browser for web ports, Stop.
 */
public final class PortForwardsView extends BorderPane {
    static final PseudoClass RECONNECTING = PseudoClass.getPseudoClass("reconnecting");
    static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("error");
    static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("running");

    private final TableView<PortForwardRow> table = new TableView<>();

    /** @param browser opens a URL in the user's browser */
    public PortForwardsView(PortForwards forwards, Consumer<String> browser) {
        getStyleClass().add("port-forwards");
        setId("port-forwards");
        table.setId("port-forwards-table");
        table.setItems(forwards.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No port-forwards. Start one from a pod's or VM's details, its context menu, "
                + "or the palette (Ctrl+K, \u201cPort-forward\u201d).");
        empty.setWrapText(true);
        empty.getStyleClass().add("muted");
        table.setPlaceholder(empty);

        TableColumn<PortForwardRow, String> target = text("Target", PortForwardRow::target, 280);
        TableColumn<PortForwardRow, String> ports = text("Local \u2192 remote", PortForwardRow::ports, 170);
        ports.setMinWidth(185);
        TableColumn<PortForwardRow, Forward.Status> status = new TableColumn<>("Status");
        status.setPrefWidth(130);
        status.setMinWidth(125);
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setCellFactory(c -> new StatusCell());
        TableColumn<PortForwardRow, String> sent = new TableColumn<>("Sent");
        sent.setCellValueFactory(c -> c.getValue().sentProperty());
        sent.setPrefWidth(90);
        sent.getStyleClass().add("numeric");
        TableColumn<PortForwardRow, String> received = new TableColumn<>("Received");
        received.setCellValueFactory(c -> c.getValue().receivedProperty());
        received.setPrefWidth(90);
        received.getStyleClass().add("numeric");
        TableColumn<PortForwardRow, String> connections = new TableColumn<>("Connections");
        connections.setCellValueFactory(c -> c.getValue().connectionsProperty());
        connections.setPrefWidth(120);
        TableColumn<PortForwardRow, PortForwardRow> actions = new TableColumn<>("");
        actions.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(c -> new ActionsCell(forwards, browser));
        actions.setPrefWidth(210);
        actions.setSortable(false);
        table.getColumns().setAll(java.util.List.of(target, ports, status, sent, received, connections, actions));
        setCenter(table);
    }

    public TableView<PortForwardRow> table() {
        return table;
    }

    private static TableColumn<PortForwardRow, String> text(String title,
                                                            java.util.function.Function<PortForwardRow, String> f,
                                                            double width) {
        TableColumn<PortForwardRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(r -> new ReadOnlyStringWrapper(f.apply(r.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** "active", "reconnecting…", "pod gone" …, coloured by state, the message as a tooltip. */
    private static final class StatusCell extends TableCell<PortForwardRow, Forward.Status> {
        StatusCell() {
            getStyleClass().add("forward-status");
        }

        @Override
        protected void updateItem(Forward.Status s, boolean empty) {
            super.updateItem(s, empty);
            pseudoClassStateChanged(ACTIVE, !empty && s != null && s.state() == Forward.State.ACTIVE);
            pseudoClassStateChanged(RECONNECTING, !empty && s != null && s.state() == Forward.State.RECONNECTING);
            pseudoClassStateChanged(PROBLEM, !empty && s != null && (s.state() == Forward.State.FAILED
                    || s.state() == Forward.State.TARGET_GONE));
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            setText(label(s, getTableRow() == null || getTableRow().getItem() == null ? ""
                    : getTableRow().getItem().target()));
            // the reason (why it reconnects, why it failed) in a tooltip, marked by an icon
            setGraphic(s.message().isEmpty() ? null : new FontIcon(Feather.INFO));
            setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
            setTooltip(s.message().isEmpty() ? null : new Tooltip(s.message()));
            if (getTooltip() != null) {
                getTooltip().setWrapText(true);
                getTooltip().setMaxWidth(420);
            }
        }
    }

    /** The words the list uses for a state ("pod gone" rather than "target gone" for a pod). */
    static String label(Forward.Status s, String target) {
        return switch (s.state()) {
            case ACTIVE -> "active";
            case RECONNECTING -> "reconnecting\u2026";
            case TARGET_GONE -> (target.startsWith("VM") ? "VM" : "pod") + " gone";
            case FAILED -> "failed";
            case STOPPED -> "stopped";
        };
    }

    private static final class ActionsCell extends TableCell<PortForwardRow, PortForwardRow> {
        private final Button open = new Button("Open in browser", new FontIcon(Feather.EXTERNAL_LINK));
        private final Button stop = new Button("Stop", new FontIcon(Feather.X_SQUARE));
        private final HBox box = new HBox(6, open, stop);

        ActionsCell(PortForwards forwards, Consumer<String> browser) {
            open.getStyleClass().addAll("small", "forward-open");
            stop.getStyleClass().addAll("small", "forward-stop");
            open.setOnAction(e -> {
                PortForwardRow r = getItem();
                if (r != null) {
                    browser.accept(r.url());
                }
            });
            stop.setOnAction(e -> {
                PortForwardRow r = getItem();
                if (r != null) {
                    forwards.stop(r);
                }
            });
        }

        @Override
        protected void updateItem(PortForwardRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                stop.textProperty().unbind();
                setGraphic(null);
                return;
            }
            open.setVisible(r.web());
            open.setManaged(r.web());
            open.setTooltip(new Tooltip("Open " + r.url()));
            // a forward whose target is gone is only removed from the list
            stop.textProperty().unbind();
            stop.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> r.running() ? "Stop" : "Remove", r.statusProperty()));
            setGraphic(box);
        }
    }
}
