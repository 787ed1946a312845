package dev.wharf.views.details;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.MigrationProgress;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.actions.ActionMenus;

import java.time.Instant;

import javafx.scene.Node;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** A live migration under way: phase, source → target, started, elapsed, and Cancel when offered. */
final class MigrationSection {
    private MigrationSection() {
    }

    /** The section, or null when nothing migrates. */
    static Node build(Item item, ActionController actions, Instant now) {
        MigrationProgress m = item.facet(MigrationProgress.class).orElse(null);
        if (m == null) {
            return null;
        }
        GridPane g = Sections.grid();
        g.setId("details-migration");
        int r = 0;
        r = Sections.row(g, r, "Phase", m.phase());
        r = Sections.row(g, r, "From → to", (m.from() == null ? "?" : m.from()) + " → "
                + (m.to() == null ? "(being scheduled)" : m.to()));
        r = Sections.row(g, r, "Started", Sections.when(m.started(), now));
        if (m.started() != null) {
            r = Sections.row(g, r, "Elapsed", Sections.duration(m.elapsed(now)));
        }
        Sections.row(g, r, "Migration", m.name());
        VBox box = new VBox(8, Sections.title("Migration"), g);
        actions.choices(item).stream().filter(c -> c.action() == Action.CANCEL_MIGRATION).findFirst()
                .ifPresent(c -> box.getChildren().add(ActionMenus.button(c, actions, true)));
        return box;
    }
}
