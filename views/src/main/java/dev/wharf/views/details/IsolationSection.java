package dev.wharf.views.details;

import dev.wharf.inventory.Item;
import dev.wharf.isolation.Boundary;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.IsolationReport;

import java.util.List;
import java.util.Optional;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The item's isolation boundary and the findings that concern it, each with its why. */
final class IsolationSection {
    private IsolationSection() {
    }

    /** The section, or null when the analysis says nothing about the item (no report yet, a host). */
    static Node build(Item item, IsolationReport report) {
        if (report == null) {
            return null;
        }
        Optional<Boundary> boundary = report.boundary(item.id());
        List<Finding> findings = report.concerning(item.id());
        if (boundary.isEmpty() && findings.isEmpty()) {
            return null;
        }
        VBox box = new VBox(8);
        box.setId("details-isolation");
        box.getChildren().add(Sections.title("Isolation"));
        if (boundary.isPresent()) {
            GridPane g = Sections.grid();
            Sections.row(g, 0, "Boundary", boundary.get().wire() + ": " + explain(boundary.get()));
            box.getChildren().add(g);
        }
        if (findings.isEmpty()) {
            box.getChildren().add(Sections.muted("No finding concerns it."));
        }
        for (Finding f : findings) {
            Label sev = new Label(f.severity().wire());
            sev.getStyleClass().addAll("iso-badge", "iso-" + f.severity().wire());
            sev.setMinWidth(Region.USE_PREF_SIZE);
            Label msg = new Label(f.message());
            msg.setWrapText(true);
            msg.getStyleClass().add("details-isolation-message");
            VBox text = new VBox(2, msg, Sections.muted(f.why()));
            if (f.reference() != null && !f.reference().isEmpty()) {
                text.getChildren().add(Sections.muted(f.rule() + " · " + f.reference()));
            }
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(8, sev, text);
            row.getStyleClass().add("details-finding");
            box.getChildren().add(row);
        }
        return box;
    }

    static String explain(Boundary b) {
        return switch (b) {
            case CONTAINER -> "shares the node kernel with the node's other containers";
            case SANDBOX -> "a gVisor sandbox: its own user-space kernel";
            case MICROVM -> "a microVM: its own guest kernel";
            case VM -> "a virtual machine: its own guest kernel";
            case WEAKENED -> "a sandbox or microVM whose pod settings reach through to the node";
            case UNKNOWN -> "a runtime Wharf does not know, or a RuntimeClass that does not exist";
        };
    }
}
