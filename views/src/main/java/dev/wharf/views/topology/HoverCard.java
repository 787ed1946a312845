package dev.wharf.views.topology;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.State;
import dev.wharf.views.model.Labels;
import dev.wharf.views.topology.TopologyModel.Group;

import java.util.Optional;
import java.util.function.Function;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The card shown when the pointer rests on an item of the topology: what it is, its state, where it runs. */
final class HoverCard extends VBox {
    private final Function<String, Optional<Item>> items;

    /** @param items the newest version of an item by id (for "On: …") */
    HoverCard(Function<String, Optional<Item>> items) {
        this.items = items;
        getStyleClass().add("topology-card");
        setManaged(false);
        setVisible(false);
        setMouseTransparent(true);
    }

    /** Fills the card for {@code i}; {@code g} is its frame when it is a host or node, else null. */
    void fill(Item i, Group g) {
        getChildren().clear();
        Label title = new Label(i.name());
        title.getStyleClass().add("card-title");
        getChildren().add(title);
        String kind = Labels.kind(i) + (i.namespace() == null ? "" : " · " + i.namespace());
        getChildren().add(line(kind));
        Label state = new Label(stateLine(i));
        state.getStyleClass().addAll("card-state", "state-label");
        state.pseudoClassStateChanged(PseudoClass.getPseudoClass(i.state().wire()), true);
        getChildren().add(state);
        if (i.isolation() != null) {
            getChildren().add(line("Isolation: " + Labels.isolation(i.isolation())
                    + (i.runtime() == null ? "" : " (" + i.runtime() + ")")));
        }
        if (i.on() != null) {
            getChildren().add(line("On: " + items.apply(i.on()).map(Item::name).orElse(i.on())));
        }
        Item carrier = g == null || g.carrier() == null ? null : items.apply(g.carrier().id()).orElse(g.carrier());
        if (carrier != null && TopologyPainter.frameState(i, carrier) != i.state()) {
            getChildren().add(line("Its VM " + carrier.name() + ": " + Labels.state(carrier.state())));
        }
        if (g != null && g.counts().total() > 0) {
            getChildren().add(line(g.counts().kindSummary()));
        }
        if (i.state() == State.MIGRATING) {
            String from = i.properties().get("Migrating from");
            String to = i.properties().get("Migrating to");
            if (from != null || to != null) {
                getChildren().add(line("Migration: " + (from == null ? "?" : from) + " → " + (to == null ? "?" : to)));
            }
        }
        String hint = hint(i, carrier);
        if (!hint.isEmpty()) {
            getChildren().add(line(hint));
            getChildren().get(getChildren().size() - 1).getStyleClass().add("card-hint");
        }
    }

    /**
     * What the pointer can do here, and only that: double-click opens the item's console, or the
     * console of the VM that is this node; right-click lists the item's actions.
     */
    static String hint(Item i, Item carrier) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!i.consoles().isEmpty()) {
            parts.add("Double-click for console");
        } else if (carrier != null && !carrier.consoles().isEmpty()) {
            parts.add("Double-click for its VM's console");
        }
        if (!i.actions().isEmpty()) {
            parts.add("right-click for actions");
        }
        String s = String.join(" · ", parts);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "Failed — CrashLoopBackOff"; the status only when it says more than the state. */
    static String stateLine(Item i) {
        String state = Labels.state(i.state());
        boolean more = !i.status().isBlank() && !i.status().strip().equalsIgnoreCase(state);
        return state + (more ? " — " + i.status() : "") + (i.stale() ? " (last known)" : "");
    }

    private static Label line(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("card-line");
        return l;
    }
}
