package dev.wharf.views.topology;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.topology.TopologyModel.Cell;
import dev.wharf.views.topology.TopologyModel.Group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.Rectangle;

/**
 * Multi-selection in the topology: Ctrl (⌘) click adds or removes an item; a drag with Shift or
 * Ctrl held draws a rubber band and selects what it touches (workloads it overlaps, node and host
 * frames it covers whole; with Ctrl added to the selection). A plain drag still pans. The view
 * hands its mouse events here first and draws the model's multi-selection through its painter.
 */
final class TopologySelection {
    /** Below this many pixels a drag is a click. */
    private static final double SLOP = 4;

    private final InventoryViewModel vm;
    private final Supplier<TopologyModel> model;
    private final UnaryOperator<Point2D> toWorld;
    private final Rectangle band = new Rectangle();
    private double startX;
    private double startY;
    private boolean armed;
    private boolean banding;
    private boolean adding;
    private boolean justBanded;

    /**
     * @param toWorld view-local point → world point (the view's pan and zoom now)
     * @param redraw  marks the view for a repaint
     */
    TopologySelection(InventoryViewModel vm, Supplier<TopologyModel> model, UnaryOperator<Point2D> toWorld,
                      TopologyPainter painter, Runnable redraw) {
        this.vm = vm;
        this.model = model;
        this.toWorld = toWorld;
        band.getStyleClass().add("rubber-band");
        band.setManaged(false);
        band.setVisible(false);
        band.setMouseTransparent(true);
        vm.selection().versionProperty().addListener((o, a, b) -> {
            painter.setAlsoSelected(vm.selection().asSet());
            redraw.run();
        });
    }

    /** The rubber band, to add over the canvas. */
    Rectangle band() {
        return band;
    }

    /** A press: with Shift or Ctrl on the primary button it may start a rubber band. */
    void pressed(MouseEvent e) {
        armed = e.getButton() == MouseButton.PRIMARY && (e.isShiftDown() || e.isShortcutDown());
        banding = false;
        justBanded = false;
        adding = e.isShortcutDown();
        startX = e.getX();
        startY = e.getY();
    }

    /** A drag: true when it draws the band (the view must not pan). */
    boolean dragged(MouseEvent e) {
        if (!armed) {
            return false;
        }
        if (!banding && Math.hypot(e.getX() - startX, e.getY() - startY) < SLOP) {
            return true;
        }
        banding = true;
        band.setX(Math.min(startX, e.getX()));
        band.setY(Math.min(startY, e.getY()));
        band.setWidth(Math.abs(e.getX() - startX));
        band.setHeight(Math.abs(e.getY() - startY));
        band.setVisible(true);
        return true;
    }

    /** A release: ends a band by selecting what it touches. */
    void released(MouseEvent e) {
        if (!banding) {
            armed = false;
            return;
        }
        Point2D a = toWorld.apply(new Point2D(band.getX(), band.getY()));
        Point2D b = toWorld.apply(new Point2D(band.getX() + band.getWidth(), band.getY() + band.getHeight()));
        List<String> ids = inside(model.get(), a.getX(), a.getY(), b.getX() - a.getX(), b.getY() - a.getY());
        band.setVisible(false);
        armed = false;
        banding = false;
        justBanded = true;
        if (adding) {
            vm.selection().add(ids);
        } else {
            vm.selection().selectAll(ids, null);
        }
    }

    /** Whether the press ended as a band (the click that follows must not select). */
    boolean consumedClick() {
        return justBanded;
    }

    /** A primary click with Ctrl: toggles {@code item}; true when handled. */
    boolean clicked(MouseEvent e, Item item) {
        if (e.getButton() != MouseButton.PRIMARY || !e.isShortcutDown()) {
            return false;
        }
        if (item != null) {
            vm.selection().toggle(item.id());
        }
        return true;
    }

    /**
     * The items a world rectangle selects: every workload chip it overlaps and every host or node
     * frame it covers whole, in drawing order.
     */
    static List<String> inside(TopologyModel m, double x, double y, double w, double h) {
        Set<String> out = new LinkedHashSet<>();
        for (Group g : m.groups()) {
            if (g.item() != null && g.x() >= x && g.y() >= y && g.x() + g.w() <= x + w && g.y() + g.h() <= y + h) {
                out.add(g.id());
            }
            for (Cell c : g.cells()) {
                if (c.x() < x + w && c.x() + c.w() > x && c.y() < y + h && c.y() + c.h() > y) {
                    out.add(c.item().id());
                }
            }
        }
        return new ArrayList<>(out);
    }
}
