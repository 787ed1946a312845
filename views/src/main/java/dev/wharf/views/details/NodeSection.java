package dev.wharf.views.details;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodeFacts;

import java.util.Map;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** What a Kubernetes node offers (capacity, allocatable, in human units) and refuses (taints). */
final class NodeSection {
    private NodeSection() {
    }

    /** The section, or null when the item carries no node facts. */
    static Node build(Item item) {
        NodeFacts f = item.facet(NodeFacts.class).orElse(null);
        if (f == null) {
            return null;
        }
        VBox box = new VBox(8);
        box.setId("details-node");
        if (!f.capacity().isEmpty() || !f.allocatable().isEmpty()) {
            GridPane g = Sections.grid();
            g.setId("details-resources");
            g.addRow(0, header(""), header("Capacity"), header("Allocatable"));
            int row = 1;
            for (Map.Entry<String, String> e : f.capacity().entrySet()) {
                g.addRow(row++, key(e.getKey()), value(e.getValue()), value(f.allocatable().getOrDefault(e.getKey(), "")));
            }
            box.getChildren().addAll(Sections.title("Resources"), g);
        }
        box.getChildren().add(Sections.title("Taints"));
        if (f.taints().isEmpty()) {
            box.getChildren().add(Sections.muted("None: any pod may be scheduled here" + (f.unschedulable()
                    ? " once it is uncordoned." : ".")));
        } else {
            VBox taints = new VBox(4);
            taints.setId("details-taints");
            for (String t : f.taints()) {
                Label l = new Label(t);
                l.getStyleClass().add("taint");
                taints.getChildren().add(l);
            }
            box.getChildren().add(taints);
        }
        return box;
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("prop-key");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** A resource name may wrap ("devices.kubevirt.io/kvm"); the amounts never shrink. */
    private static Label key(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("prop-key");
        l.setWrapText(true);
        return l;
    }

    private static Label value(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("prop-value");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
