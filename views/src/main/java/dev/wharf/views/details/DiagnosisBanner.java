package dev.wharf.views.details;

import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.Item;

import java.time.Instant;

import javafx.scene.Node;
import javafx.scene.control.Label;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The one sentence at the top of the Overview that says why an item fails or waits. */
final class DiagnosisBanner {
    private DiagnosisBanner() {
    }

    /** The banner, or null when the item has nothing to explain. */
    static Node build(Item item, Instant now) {
        Diagnosis d = item.facet(Diagnosis.class).orElse(null);
        if (d == null) {
            return null;
        }
        Label l = new Label(d.sentence(now), new FontIcon(Feather.ALERT_CIRCLE));
        l.setId("details-diagnosis");
        l.getStyleClass().add("diagnosis");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
