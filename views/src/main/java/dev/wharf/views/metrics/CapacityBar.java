package dev.wharf.views.metrics;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One resource of a node or host: a track as wide as the allocatable amount, the requests as a
 * lighter band, the usage as a solid bar, and the three figures below in words.
 */
final class CapacityBar extends VBox {
    private final Region track = new Region();
    private final Region requested = new Region();
    private final Region used = new Region();
    private final Label figures = new Label();
    private double usedShare = Double.NaN;
    private double requestedShare = Double.NaN;

    CapacityBar(String id) {
        super(3);
        setId(id);
        track.getStyleClass().add("capacity-track");
        requested.getStyleClass().add("capacity-requests");
        used.getStyleClass().add("capacity-usage");
        figures.getStyleClass().add("capacity-figures");
        figures.setWrapText(true);
        Region bar = new Region() {
            {
                getChildren().addAll(track, requested, used);
                setMinHeight(10);
                setPrefHeight(10);
            }

            @Override
            protected void layoutChildren() {
                double w = getWidth();
                double h = getHeight();
                track.resizeRelocate(0, 0, w, h);
                place(requested, requestedShare, w, h, 0);
                place(used, usedShare, w, h, 2);
            }
        };
        bar.getStyleClass().add("capacity-bar");
        getChildren().addAll(bar, figures);
    }

    private static void place(Region r, double share, double w, double h, double inset) {
        r.setVisible(!Double.isNaN(share));
        double s = Double.isNaN(share) ? 0 : Math.max(0, Math.min(1, share));
        r.resizeRelocate(0, inset, Math.round(w * s), h - 2 * inset);
    }

    /** Shares of the allocatable amount (NaN when not known) and the words below. */
    void set(double used, double requested, String words) {
        usedShare = used;
        requestedShare = requested;
        figures.setText(words);
        requestLayout();
        ((Region) getChildren().get(0)).requestLayout();
    }

    String figures() {
        return figures.getText();
    }
}
