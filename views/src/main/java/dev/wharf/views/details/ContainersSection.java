package dev.wharf.views.details;

import dev.wharf.inventory.ContainerStatus;
import dev.wharf.inventory.ContainerStatuses;
import dev.wharf.inventory.Item;

import java.time.Instant;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Each container (init containers first): its state with reason and message, how it last ended, restarts. */
final class ContainersSection {
    private ContainersSection() {
    }

    /** The section, or null when the item has no containers to show. */
    static Node build(Item item, Instant now) {
        ContainerStatuses cs = item.facet(ContainerStatuses.class).orElse(null);
        if (cs == null || cs.list().isEmpty()) {
            return null;
        }
        VBox box = new VBox(8, Sections.title("Containers"));
        box.setId("details-containers");
        for (ContainerStatus c : cs.list()) {
            box.getChildren().add(card(c, now));
        }
        return box;
    }

    private static Node card(ContainerStatus c, Instant now) {
        Label name = new Label(c.name() + (c.init() ? " (init)" : ""));
        name.getStyleClass().add("container-name");
        Label state = new Label(state(c, now));
        state.getStyleClass().add("container-state");
        state.setWrapText(true);
        if (c.state().equals("waiting") && c.reason() != null && !c.reason().equals("PodInitializing")
                && !c.reason().equals("ContainerCreating")
                || c.state().equals("terminated") && c.exitCode() != null && c.exitCode() != 0) {
            state.getStyleClass().add("container-bad");
        }
        GridPane g = Sections.grid();
        int r = 0;
        if (c.last() != null) {
            r = Sections.row(g, r, "Last ended", ended(c.last().reason(), c.last().exitCode(), c.last().finished(), now));
        }
        r = Sections.row(g, r, "Restarts", Integer.toString(c.restarts()));
        r = Sections.row(g, r, "Ready", c.ready() ? "yes" : "no");
        Sections.row(g, r, "Image", c.image());
        VBox card = new VBox(4, name, state);
        if (c.message() != null && !c.message().isBlank()) {
            Label message = new Label(c.message());
            message.getStyleClass().add("container-message");
            message.setWrapText(true);
            card.getChildren().add(message);
        }
        card.getChildren().add(g);
        card.getStyleClass().add("container-card");
        return card;
    }

    /** "Waiting: CrashLoopBackOff", "Running since Nov 1 10:00:05 (2 hours ago)", "Terminated: Error, exit code 2 …". */
    static String state(ContainerStatus c, Instant now) {
        return switch (c.state()) {
            case "waiting" -> "Waiting" + (c.reason() == null ? "" : ": " + c.reason());
            case "running" -> "Running" + (c.since() == null ? "" : " since " + Sections.when(c.since(), now));
            case "terminated" -> "Terminated: " + ended(c.reason(), c.exitCode(), c.since(), now);
            default -> "State unknown";
        };
    }

    private static String ended(String reason, Integer exit, Instant when, Instant now) {
        StringBuilder b = new StringBuilder(reason == null ? "ended" : reason);
        if (exit != null) {
            b.append(", exit code ").append(exit);
        }
        if (when != null) {
            b.append(", ").append(Sections.when(when, now));
        }
        return b.toString();
    }
}
