package dev.wharf.views.details;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/** Small building blocks shared by the details' sections. */
final class Sections {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneId.systemDefault());

    private Sections() {
    }

    static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        l.setWrapText(true);
        return l;
    }

    static GridPane grid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("properties");
        g.setHgap(14);
        g.setVgap(6);
        return g;
    }

    /** Adds "key value" as the next row when the value is not empty; returns the next row index. */
    static int row(GridPane grid, int row, String key, String value) {
        if (value == null || value.isEmpty()) {
            return row;
        }
        Label k = new Label(key);
        k.getStyleClass().add("prop-key");
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.getStyleClass().add("prop-value");
        v.setWrapText(true);
        grid.addRow(row, k, v);
        return row + 1;
    }

    /** "Nov 1 12:00:00 (2 minutes ago)". */
    static String when(Instant at, Instant now) {
        return at == null ? null : TIME.format(at) + " (" + dev.wharf.inventory.Diagnosis.ago(at, now) + ")";
    }

    /** "3m 30s", "1h 5m", "12s". */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
}
