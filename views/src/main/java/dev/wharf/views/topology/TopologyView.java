package dev.wharf.views.topology;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.theme.Palette;
import dev.wharf.views.topology.TopologyModel.Group;
import dev.wharf.views.topology.TopologyModel.Hit;
import dev.wharf.views.topology.TopologyModel.ToggleHit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The topology, drawn on ONE Canvas the size of the viewport: no scene-graph node per workload.
 * The layout ({@link TopologyLayout}) runs on a background executor when the model's revision
 * moves (one at a time, the newest wins); each pulse redraws only what is inside the viewport,
 * and at a far zoom a node shows counts per kind and state instead of its workloads.
 */
public final class TopologyView extends Region {
    /** Below this scale a group shows counts instead of its workloads. */
    public static final double FAR_SCALE = 0.45;
    /** Below this zoom the first view shows the top left at 90 % rather than everything smaller. */
    public static final double READABLE_SCALE = TopologyLayout.READABLE_SCALE;
    /** Room kept below a fitted layout (the legend and the zoom buttons have their own strip below the view). */
    private static final double LEGEND_H = 0;
    private double laidOutW;
    private double laidOutH;
    private ItemFilter laidOutFilter;
    private Set<String> laidOutCollapsed = Set.of();
    private static final double MIN_SCALE = 0.04;
    private static final double MAX_SCALE = 2.5;

    private final InventoryViewModel vm;
    private final Executor layoutExecutor;
    private final Executor ui;
    private final Canvas canvas = new Canvas();
    private final HoverCard hoverCard;
    private final Set<String> collapsed = new HashSet<>();
    private final PauseTransition hoverDelay = new PauseTransition(Duration.millis(350));

    private TopologyModel model = TopologyModel.EMPTY;
    private double scale = 1;
    private double ox = -24;
    private double oy = -24;
    private boolean userMoved;
    private boolean dirty = true;
    private boolean layoutInFlight;
    private boolean layoutAgain;
    private boolean layoutStale;
    private boolean recountPending;
    private final PauseTransition recount = new PauseTransition(Duration.seconds(2));
    private double pressX;
    private double pressY;
    private boolean dragged;
    private Item hovered;
    private Consumer<Item> onOpen = i -> { };
    private BiConsumer<Item, MouseEvent> onContextMenu = (i, e) -> { };
    private long draws;
    private long lastDrawNanos;
    private Runnable afterDraw = () -> { };

    private final TopologyPainter painter;
    private final TopologySelection multi;

    /**
     * @param layoutExecutor where layouts are computed (a background thread; direct in tests)
     * @param ui             the UI thread ({@code Platform::runLater}; direct in tests)
     */
    public TopologyView(InventoryViewModel vm, Executor layoutExecutor, Executor ui) {
        this.vm = vm;
        this.layoutExecutor = layoutExecutor;
        this.ui = ui;
        getStyleClass().add("topology");
        setFocusTraversable(true);
        painter = new TopologyPainter(vm::item);
        hoverCard = new HoverCard(vm::item);
        multi = new TopologySelection(vm, () -> model, p -> new Point2D(ox + p.getX() / scale, oy + p.getY() / scale),
                painter, () -> dirty = true);
        getChildren().addAll(canvas, multi.band(), hoverCard);
        setMinSize(0, 0);

        vm.revisionProperty().addListener((o, a, b) -> {
            if (vm.lastChangeWasStructural()) {
                scheduleLayout();
            } else {
                // state-only: boxes stay where they are, paint the new states now and refresh
                // the per-node counts with a relayout at most every 2 s
                dirty = true;
                if (!recountPending) {
                    recountPending = true;
                    recount.playFromStart();
                }
            }
        });
        recount.setOnFinished(e -> {
            recountPending = false;
            scheduleLayout();
        });
        vm.selectedIdProperty().addListener((o, a, id) -> {
            reveal(id);
            dirty = true;
        });
        vm.busy().addListener((javafx.collections.SetChangeListener<String>) c -> dirty = true);

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, multi::released);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> setHovered(null, 0, 0));
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        hoverDelay.setOnFinished(e -> hoverCard.setVisible(hovered != null));

        new AnimationTimer() {
            private long lastSpin;

            @Override
            public void handle(long now) {
                if (!vm.busy().isEmpty() && now - lastSpin > 33_000_000L) {
                    lastSpin = now;
                    dirty = true;
                }
                if (dirty) {
                    draw();
                }
            }
        }.start();
        visibleProperty().addListener((o, a, v) -> {
            if (v && layoutStale) {
                layoutStale = false;
                scheduleLayout();
            }
        });
        scheduleLayout();
    }

    // ------------------------------------------------------------------ public API

    /** Called with the item the user double-clicked (opens its console). */
    public void setOnOpen(Consumer<Item> f) {
        onOpen = f;
    }

    /** Called with the item right-clicked (or null for empty space) and the event, for a context menu. */
    public void setOnContextMenu(BiConsumer<Item, MouseEvent> f) {
        onContextMenu = f;
    }

    public void setPalette(Palette p) {
        painter.setPalette(p);
        dirty = true;
    }

    /** Chips carry a badge of the worst isolation finding that names them (from the Isolation analysis). */
    public void setFindings(java.util.Map<String, dev.wharf.isolation.Severity> worstByItem) {
        painter.setFindings(worstByItem);
        dirty = true;
    }

    /** Colours chips and node frames (usage heat) and adds a line to far-zoom counts; null for none. */
    public void setTint(ChipTint tint) {
        painter.setTint(tint);
        dirty = true;
    }

    /** The finding badge the item's chip carries now (the worst finding that names it); null for none. */
    public dev.wharf.isolation.Severity findingBadge(String itemId) {
        return painter.findingBadge(itemId);
    }

    /** The layout being drawn. */
    public TopologyModel model() {
        return model;
    }

    public double scale() {
        return scale;
    }

    /** The item drawn at a point of this view (local coordinates). */
    public Optional<Item> itemAt(double localX, double localY) {
        return model.itemAt(ox + localX / scale, oy + localY / scale).map(i -> vm.item(i.id()).orElse(i));
    }

    /** Where the centre of an item's box is, in this view's local coordinates. */
    public Optional<Point2D> pointOf(String id) {
        return model.bounds(id).map(b -> new Point2D((b[0] + Math.min(b[2], 60) / 2 - ox) * scale,
                (b[1] + Math.min(b[3], TopologyLayout.HEADER) / 2 - oy) * scale));
    }

    /** Zooms so that everything fits (never beyond 100 %). */
    public void fit() {
        double w = Math.max(1, getWidth());
        double h = Math.max(1, getHeight());
        if (model.width() <= 0) {
            return;
        }
        double m = TopologyLayout.FIT_MARGIN;
        scale = clamp(Math.min((w - 2 * m) / model.width(), (h - 2 * m - LEGEND_H) / model.height()), MIN_SCALE, 1);
        ox = (model.width() - w / scale) / 2;
        oy = -m / scale;
        userMoved = false;
        dirty = true;
    }

    /**
     * The first view: everything when that stays readable, or the overview (counts) when the
     * inventory is huge; in between, 90 % from the top left rather than tiny text.
     */
    private void fitReadable() {
        fit();
        boolean small = model.shownIds().size() <= TopologyLayout.FIT_SEARCH_LIMIT;
        // a layout fitted for this view is shown whole, even a little under the readable zoom (the
        // view may have lost a few pixels to the strip below since it was laid out)
        boolean fitted = small && model.wrapWidth() > 0 && !model.scrolls() && scale >= READABLE_SCALE - 0.1;
        if (!fitted && scale < READABLE_SCALE && (scale >= FAR_SCALE || small)) {
            scale = TopologyLayout.FALLBACK_SCALE;
            double vw = getWidth() / scale;
            ox = model.width() < vw ? (model.width() - vw) / 2 : -24 / scale;
            oy = -24 / scale;
        }
    }

    /** Zooms by {@code factor} around a point of the view. */
    public void zoomBy(double factor, double localX, double localY) {
        double wx = ox + localX / scale;
        double wy = oy + localY / scale;
        scale = clamp(scale * factor, MIN_SCALE, MAX_SCALE);
        ox = wx - localX / scale;
        oy = wy - localY / scale;
        userMoved = true;
        dirty = true;
    }

    public void zoomIn() {
        zoomBy(1.25, getWidth() / 2, getHeight() / 2);
    }

    public void zoomOut() {
        zoomBy(0.8, getWidth() / 2, getHeight() / 2);
    }

    /** Moves the view by screen pixels. */
    public void panBy(double dx, double dy) {
        ox -= dx / scale;
        oy -= dy / scale;
        userMoved = true;
        dirty = true;
    }

    /** Collapses or expands a host, node or the pending lane. */
    public void toggle(String groupId) {
        if (!collapsed.remove(groupId)) {
            collapsed.add(groupId);
        }
        scheduleLayout();
    }

    /** Collapses every group (true) or expands all (false). */
    public void collapseAll(boolean collapse) {
        collapsed.clear();
        if (collapse) {
            for (Group g : model.groups()) {
                collapsed.add(g.id());
            }
        }
        scheduleLayout();
    }

    public boolean isCollapsed(String groupId) {
        return collapsed.contains(groupId);
    }

    /** Number of paints so far and the last one's duration (for the benchmark). */
    public long drawCount() {
        return draws;
    }

    public long lastDrawNanos() {
        return lastDrawNanos;
    }

    /** Runs after each paint (for the benchmark). */
    public void setAfterDraw(Runnable r) {
        afterDraw = r;
    }

    /** Draws now if something changed (tests and the benchmark; the pulse does it otherwise). */
    public void drawNow() {
        draw();
    }

    // ------------------------------------------------------------------ layout

    private void scheduleLayout() {
        if (!isVisible()) {
            layoutStale = true;
            return;
        }
        if (layoutInFlight) {
            layoutAgain = true;
            return;
        }
        layoutInFlight = true;
        List<Item> all = new ArrayList<>(vm.items());
        ItemFilter f = vm.filter();
        Predicate<Item> visible = f.isEmpty() ? new TopologyLayout.AcceptAll() : f;
        Set<String> coll = Set.copyOf(collapsed);
        double vw = getWidth();
        double vh = getHeight();
        // same viewport, same filter: keep the frames where they are while everything fits
        TopologyModel previous = vw == laidOutW && vh == laidOutH && f.equals(laidOutFilter)
                && Set.copyOf(collapsed).equals(laidOutCollapsed) ? model : null;
        laidOutW = vw;
        laidOutH = vh;
        laidOutFilter = f;
        laidOutCollapsed = coll;
        try {
            layoutExecutor.execute(() -> {
                // wrapped to the viewport so that the whole inventory shows at the largest zoom
                TopologyModel m = TopologyLayout.computeFitted(all, visible, coll, vw, vh - LEGEND_H, previous);
                ui.execute(() -> installModel(m, previous != null));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the window is closing (its layout thread has ended); a debounce that fires now has nothing to do
        }
    }

    private void installModel(TopologyModel m, boolean sameView) {
        boolean resized = m.width() != model.width() || m.height() != model.height();
        // a change inside the same view refits only when the layout no longer fits at this zoom
        boolean first = !m.groups().isEmpty() && (model.groups().isEmpty() || (!userMoved && resized
                && (!sameView || TopologyLayout.fitScale(m, getWidth(), getHeight() - LEGEND_H) < scale - 1e-6)));
        model = m;
        layoutInFlight = false;
        if (hovered != null && !m.shownIds().contains(hovered.id())) {
            setHovered(null, 0, 0);
        }
        if (first && !userMoved) {
            if (getWidth() > 0) {
                fitReadable();
            } else {
                // fit once we know our size
                widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                        if (b.doubleValue() > 0) {
                            widthProperty().removeListener(this);
                            ui.execute(() -> {
                                if (!userMoved) {
                                    fitReadable();
                                }
                            });
                        }
                    }
                });
            }
        }
        dirty = true;
        if (layoutAgain) {
            layoutAgain = false;
            scheduleLayout();
        }
    }

    private void reveal(String id) {
        if (id == null) {
            return;
        }
        model.bounds(id).ifPresent(b -> {
            double vw = getWidth() / scale;
            double vh = getHeight() / scale;
            boolean inside = b[0] >= ox && b[1] >= oy && b[0] + Math.min(b[2], vw) <= ox + vw
                    && b[1] + Math.min(b[3], vh) <= oy + vh;
            if (!inside && getWidth() > 0) {
                if (scale < FAR_SCALE) {
                    scale = 0.8;
                    vw = getWidth() / scale;
                    vh = getHeight() / scale;
                }
                ox = b[0] + Math.min(b[2], vw) / 2 - vw / 2;
                oy = b[1] + Math.min(b[3], vh) / 2 - vh / 2;
                userMoved = true;
            }
        });
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (!userMoved && w > 0 && h > 0 && (Math.abs(w - laidOutW) > 24 || Math.abs(h - laidOutH) > 24)
                && (!model.groups().isEmpty() || laidOutW == 0)) {
            // the view is fitted and its size changed: wrap the groups to the new size
            scheduleLayout();
        }
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
        hoverCard.autosize();
    }

    // ------------------------------------------------------------------ input

    private void pressed(MouseEvent e) {
        requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        dragged = false;
        multi.pressed(e);
    }

    private void dragged(MouseEvent e) {
        if (!e.isPrimaryButtonDown() && !e.isMiddleButtonDown() || multi.dragged(e)) {
            return;
        }
        double dx = e.getX() - pressX;
        double dy = e.getY() - pressY;
        if (!dragged && Math.hypot(dx, dy) < 4) {
            return;
        }
        dragged = true;
        setCursor(javafx.scene.Cursor.CLOSED_HAND);
        panBy(dx, dy);
        pressX = e.getX();
        pressY = e.getY();
        hoverCard.setVisible(false);
    }

    private void clicked(MouseEvent e) {
        setCursor(javafx.scene.Cursor.DEFAULT);
        if (dragged || multi.consumedClick()) {
            return;
        }
        Optional<Hit> hit = model.hit(ox + e.getX() / scale, oy + e.getY() / scale);
        if (e.getButton() == MouseButton.PRIMARY && hit.isPresent() && hit.get() instanceof ToggleHit t) {
            toggle(t.group().id());
            return;
        }
        Item item = hit.isEmpty() ? null : itemAt(e.getX(), e.getY()).orElse(null);
        if (multi.clicked(e, item)) {
            return;
        }
        if (e.getButton() == MouseButton.PRIMARY) {
            vm.select(item == null ? null : item.id());
            if (e.getClickCount() == 2 && item != null) {
                onOpen.accept(consoleTarget(item, hit.get()));
            }
        } else if (e.getButton() == MouseButton.SECONDARY) {
            if (item != null && !vm.selection().contains(item.id())) {
                vm.select(item.id());
            }
            onContextMenu.accept(item, e);
        }
    }

    /** A node frame without a console of its own opens the console of the VM that carries it. */
    private Item consoleTarget(Item item, Hit hit) {
        if (item.consoles().isEmpty() && hit instanceof TopologyModel.GroupHit g && g.group().carrier() != null) {
            Item carrier = vm.item(g.group().carrier().id()).orElse(g.group().carrier());
            if (!carrier.consoles().isEmpty()) {
                return carrier;
            }
        }
        return item;
    }

    private void moved(MouseEvent e) {
        Item item = itemAt(e.getX(), e.getY()).orElse(null);
        setHovered(item, e.getX(), e.getY());
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        double factor = Math.pow(1.0018, e.getDeltaY());
        zoomBy(factor, e.getX(), e.getY());
        e.consume();
    }

    private void setHovered(Item item, double x, double y) {
        if (item == null) {
            if (hovered != null) {
                hovered = null;
                hoverDelay.stop();
                hoverCard.setVisible(false);
                dirty = true;
            }
            return;
        }
        if (hovered == null || !hovered.id().equals(item.id())) {
            hovered = item;
            hoverCard.fill(item, model.group(item.id()).orElse(null));
            hoverCard.setVisible(false);
            hoverDelay.playFromStart();
            dirty = true;
            // new labels: styled before they are measured, or they are measured as "…"
            hoverCard.applyCss();
        }
        hoverCard.autosize();
        double cx = Math.min(x + 16, getWidth() - hoverCard.getWidth() - 8);
        double cy = y + 18 + hoverCard.getHeight() > getHeight() ? y - hoverCard.getHeight() - 10 : y + 18;
        hoverCard.relocate(Math.max(4, cx), Math.max(4, cy));
    }

    // ------------------------------------------------------------------ drawing

    private void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        painter.paint(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(),
                new TopologyPainter.Frame(model, ox, oy, scale, vm.selectedIdProperty().get(), vm.busy(), hovered,
                        vm.loadedProperty().get()));
        draws++;
        lastDrawNanos = System.nanoTime() - t0;
        afterDraw.run();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
