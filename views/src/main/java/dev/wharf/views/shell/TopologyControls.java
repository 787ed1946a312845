package dev.wharf.views.shell;

import dev.wharf.views.topology.TopologyView;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The strip below the topology: the legend (Kinds, Isolation) on the left, the zoom and collapse
 * buttons on the right. A strip of its own, not an overlay, so it never covers chips or hover
 * cards. In a narrow window the Isolation group goes below the Kinds, and when even that leaves
 * no room the buttons get a row of their own: nothing overlaps, nothing is cut.
 */
final class TopologyControls extends Pane {
    private static final double GAP = 18;
    private static final double ROW_GAP = 4;
    private final HBox kinds = Legend.kinds();
    private final HBox isolation = Legend.isolation();
    private final HBox buttons;

    TopologyControls(TopologyView topology) {
        getStyleClass().add("topology-strip");
        setId("topology-strip");
        Button zoomIn = iconButton(Feather.ZOOM_IN, "Zoom in", topology::zoomIn);
        Button zoomOut = iconButton(Feather.ZOOM_OUT, "Zoom out", topology::zoomOut);
        Button fit = iconButton(Feather.MAXIMIZE, "Fit to window", topology::fit);
        fit.setId("topology-fit");
        Button collapse = iconButton(Feather.MINIMIZE_2, "Collapse all", () -> topology.collapseAll(true));
        Button expand = iconButton(Feather.MAXIMIZE_2, "Expand all", () -> topology.collapseAll(false));
        buttons = new HBox(2, zoomOut, zoomIn, fit, new Separator(Orientation.VERTICAL), collapse, expand);
        buttons.getStyleClass().add("canvas-controls");
        buttons.setId("topology-controls");
        getChildren().addAll(kinds, isolation, buttons);
        visibleProperty().bind(topology.visibleProperty());
        managedProperty().bind(visibleProperty());
        setMinWidth(0);
    }

    /** Adds a tool (the usage colouring toggle) before the zoom buttons. */
    void addTool(javafx.scene.Node tool) {
        buttons.getChildren().addAll(0, java.util.List.of(tool, new Separator(Orientation.VERTICAL)));
    }

    /** The rows for a width: 1 (all on one line), 2 (Kinds beside the buttons, Isolation below) or 3. */
    private int rows(double w) {
        double kw = kinds.prefWidth(-1);
        double iw = isolation.prefWidth(-1);
        double bw = buttons.prefWidth(-1);
        if (kw + GAP + iw + GAP + bw <= w) {
            return 1;
        }
        return Math.max(kw, iw) + GAP + bw <= w ? 2 : 3;
    }

    private double rowH() {
        return Math.max(Math.max(kinds.prefHeight(-1), isolation.prefHeight(-1)), buttons.prefHeight(-1));
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + kinds.prefWidth(-1) + GAP + isolation.prefWidth(-1) + GAP + buttons.prefWidth(-1)
                + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double w = (width < 0 ? getWidth() : width) - in.getLeft() - in.getRight();
        int rows = w <= 0 ? 1 : rows(w);
        return in.getTop() + rows * rowH() + (rows - 1) * ROW_GAP + in.getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = getWidth() - in.getLeft() - in.getRight();
        double h = rowH();
        double bw = buttons.prefWidth(-1);
        int rows = rows(w);
        place(kinds, x, y, h);
        if (rows == 1) {
            place(isolation, x + kinds.prefWidth(-1) + GAP, y, h);
            place(buttons, x + w - bw, y, h);
        } else {
            place(isolation, x, y + h + ROW_GAP, h);
            place(buttons, x + w - bw, rows == 2 ? y + (h + ROW_GAP) / 2 : y + 2 * (h + ROW_GAP), h);
        }
    }

    private static void place(Region r, double x, double y, double rowH) {
        double w = r.prefWidth(-1);
        double h = r.prefHeight(-1);
        r.resizeRelocate(snap(x), snap(y + (rowH - h) / 2), w, h);
    }

    private static double snap(double v) {
        return Math.round(v);
    }

    private static Button iconButton(Feather icon, String tip, Runnable r) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("flat", "canvas-button");
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        return b;
    }
}
