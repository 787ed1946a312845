package dev.wharf.views.metrics;

import java.util.function.IntConsumer;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * One or two figures over the last 15 minutes on a Canvas, straight from a {@link UsageSeries}
 * copy of the ring buffer: a line per figure scaled to their common maximum, a gap where nothing
 * is known (a short gap of up to two slots is bridged), a dot on the newest point. Hovering reports
 * the slot under the mouse (or -1 on leaving) to the readout.
 */
public final class Sparkline extends Region {
    static final double HEIGHT = 34;
    private static final double PAD = 3;
    private final Canvas canvas = new Canvas();
    private float[] first;
    private float[] second;
    private Color firstColour = Color.web("#0969da");
    private Color secondColour = Color.web("#8250df");
    private Color grid = Color.web("#d0d7de");
    private int hover = -1;
    private IntConsumer onHover = k -> { };

    public Sparkline() {
        getStyleClass().add("sparkline");
        getChildren().add(canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
        setMinWidth(60);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(slotAt(e.getX())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
    }

    /** The figures to draw (oldest first, NaN unknown); {@code second} may be null. */
    public void setData(float[] first, float[] second) {
        this.first = first;
        this.second = second;
        draw();
    }

    public void setColours(Color first, Color second, Color grid) {
        this.firstColour = first;
        this.secondColour = second;
        this.grid = grid;
        draw();
    }

    /** Called with the slot under the mouse, -1 when it leaves. */
    public void setOnHover(IntConsumer f) {
        onHover = f;
    }

    /** The slot drawn at local x. */
    public int slotAt(double x) {
        int n = first == null ? UsageHistory.SLOTS : first.length;
        double w = Math.max(1, getWidth() - 2 * PAD);
        return (int) Math.max(0, Math.min(n - 1, Math.round((x - PAD) / w * (n - 1))));
    }

    /** The local x of slot {@code k}. */
    public double xOf(int k) {
        int n = first == null ? UsageHistory.SLOTS : first.length;
        return PAD + (getWidth() - 2 * PAD) * k / Math.max(1, n - 1);
    }

    /** The local y of a figure {@code v} (for tests: where the line is). */
    public double yOf(float v) {
        return PAD + (HEIGHT - 2 * PAD) * (1 - v / top());
    }

    private void hover(int k) {
        if (k != hover) {
            hover = k;
            draw();
            onHover.accept(k);
        }
    }

    private float top() {
        float max = 0;
        for (float[] a : new float[][] {first, second}) {
            if (a != null) {
                for (float v : a) {
                    if (!Float.isNaN(v) && v > max) {
                        max = v;
                    }
                }
            }
        }
        return max <= 0 ? 1 : max * 1.08f;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        if (canvas.getWidth() != w || canvas.getHeight() != HEIGHT) {
            canvas.setWidth(w);
            canvas.setHeight(HEIGHT);
            draw();
        }
    }

    private void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        gc.clearRect(0, 0, w, HEIGHT);
        if (w <= 0) {
            return;
        }
        gc.setStroke(grid);
        gc.setLineWidth(1);
        gc.strokeLine(PAD, HEIGHT - PAD + 0.5, w - PAD, HEIGHT - PAD + 0.5);
        float top = top();
        line(gc, second, secondColour, top);
        line(gc, first, firstColour, top);
        if (hover >= 0) {
            gc.setStroke(grid);
            double x = Math.round(xOf(hover)) + 0.5;
            gc.strokeLine(x, 0, x, HEIGHT);
        }
    }

    private void line(GraphicsContext gc, float[] a, Color c, float top) {
        if (a == null) {
            return;
        }
        gc.setStroke(c);
        gc.setFill(c);
        gc.setLineWidth(1.6);
        int lastKnown = -1;
        gc.beginPath();
        for (int k = 0; k < a.length; k++) {
            if (Float.isNaN(a[k])) {
                continue;
            }
            double x = xOf(k);
            double y = PAD + (HEIGHT - 2 * PAD) * (1 - a[k] / top);
            if (lastKnown < 0 || k - lastKnown > 3) {
                gc.moveTo(x, y);
                gc.fillOval(x - 1, y - 1, 2, 2); // a lone sample is still seen
            } else {
                gc.lineTo(x, y);
            }
            lastKnown = k;
        }
        gc.stroke();
        if (lastKnown >= 0) {
            double x = xOf(lastKnown);
            double y = PAD + (HEIGHT - 2 * PAD) * (1 - a[lastKnown] / top);
            gc.fillOval(x - 2.5, y - 2.5, 5, 5);
        }
    }

    Canvas canvas() {
        return canvas;
    }
}
