package dev.wharf.views.details;

import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.Item;

import java.time.Instant;
import java.util.Set;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Status conditions (Ready, PodScheduled, MemoryPressure, LiveMigratable …) with reason, message and age. */
final class ConditionsSection {
    /** Conditions that are bad news when True; for the others False is. */
    private static final Set<String> BAD_WHEN_TRUE = Set.of("MemoryPressure", "DiskPressure", "PIDPressure",
            "NetworkUnavailable", "Failure", "Paused", "ReadyToStartContainers-Failed");

    private ConditionsSection() {
    }

    /** The section, or null when the item has no conditions to show. */
    static Node build(Item item, Instant now) {
        Conditions cs = item.facet(Conditions.class).orElse(null);
        if (cs == null || cs.list().isEmpty()) {
            return null;
        }
        VBox rows = new VBox(8);
        rows.setId("details-conditions");
        for (Condition c : cs.list()) {
            Label type = new Label((c.of() == null ? "" : shortOf(c.of()) + " ") + c.type());
            type.getStyleClass().add("condition-type");
            Label status = new Label(c.status());
            status.getStyleClass().add(bad(c) ? "condition-bad" : "condition-ok");
            HBox head = new HBox(8, type, status);
            VBox row = new VBox(2, head);
            String why = why(c, now);
            if (!why.isEmpty()) {
                Label l = new Label(why);
                l.getStyleClass().add("condition-why");
                l.setWrapText(true);
                row.getChildren().add(l);
            }
            rows.getChildren().add(row);
        }
        return new VBox(8, Sections.title("Conditions"), rows);
    }

    static boolean bad(Condition c) {
        return BAD_WHEN_TRUE.contains(c.type()) ? c.isTrue() : "False".equals(c.status());
    }

    private static String why(Condition c, Instant now) {
        StringBuilder b = new StringBuilder();
        if (c.reason() != null && !c.reason().isEmpty()) {
            b.append(c.reason());
        }
        if (c.message() != null && !c.message().isEmpty()) {
            b.append(b.length() == 0 ? "" : ": ").append(c.message());
        }
        if (c.since() != null) {
            b.append(b.length() == 0 ? "" : " · ").append("since ").append(dev.wharf.inventory.Diagnosis.ago(c.since(), now));
        }
        return b.toString();
    }

    private static String shortOf(String of) {
        return switch (of) {
            case "VirtualMachine" -> "VM";
            case "VirtualMachineInstance" -> "VMI";
            default -> of;
        };
    }
}
