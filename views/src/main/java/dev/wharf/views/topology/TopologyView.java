package dev.wharf.views.topology;

import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.views.model.Counts;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.model.Labels;
import dev.wharf.views.theme.KindStyle;
import dev.wharf.views.theme.Palette;
import dev.wharf.views.topology.TopologyModel.Cell;
import dev.wharf.views.topology.TopologyModel.CellHit;
import dev.wharf.views.topology.TopologyModel.Group;
import dev.wharf.views.topology.TopologyModel.GroupType;
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
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.FillRule;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
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
    /** Room kept below a fitted layout for the legend and the zoom controls. */
    private static final double LEGEND_H = 48;
    private double laidOutW;
    private double laidOutH;
    private static final double MIN_SCALE = 0.04;
    private static final double MAX_SCALE = 2.5;

    private final InventoryViewModel vm;
    private final Executor layoutExecutor;
    private final Executor ui;
    private final Canvas canvas = new Canvas();
    private final VBox hoverCard = new VBox();
    private final Set<String> collapsed = new HashSet<>();
    private final PauseTransition hoverDelay = new PauseTransition(Duration.millis(350));

    private TopologyModel model = TopologyModel.EMPTY;
    private Palette palette = Palette.LIGHT;
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

    private final Font fontName;
    private final Font fontTitle;
    private final Font fontSmall;
    private final Font fontSmallBold;
    private final String family;
    private final TextFitter fitter = new TextFitter();
    private final IconImages icons = new IconImages();
    private final Set<String> parents = new HashSet<>();

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
        family = Font.getDefault().getFamily();
        fontName = Font.font(family, FontWeight.NORMAL, NAME_FONT_SIZE);
        fontTitle = Font.font(family, FontWeight.BOLD, 13);
        fontSmall = Font.font(family, FontWeight.NORMAL, 10.5);
        fontSmallBold = Font.font(family, FontWeight.BOLD, 10.5);
        hoverCard.getStyleClass().add("topology-card");
        hoverCard.setManaged(false);
        hoverCard.setVisible(false);
        hoverCard.setMouseTransparent(true);
        getChildren().addAll(canvas, hoverCard);
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
        palette = p;
        dirty = true;
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
        if (scale < READABLE_SCALE && (scale >= FAR_SCALE || small)) {
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
        laidOutW = vw;
        laidOutH = vh;
        layoutExecutor.execute(() -> {
            // wrapped to the viewport so that the whole inventory shows at the largest zoom
            TopologyModel m = TopologyLayout.computeFitted(all, visible, coll, vw, vh - LEGEND_H);
            ui.execute(() -> installModel(m));
        });
    }

    private void installModel(TopologyModel m) {
        boolean first = !m.groups().isEmpty() && (model.groups().isEmpty()
                || (!userMoved && (m.width() != model.width() || m.height() != model.height())));
        model = m;
        parents.clear();
        for (Group g : m.groups()) {
            if (g.parentId() != null) {
                parents.add(g.parentId());
            }
        }
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
    }

    private void dragged(MouseEvent e) {
        if (!e.isPrimaryButtonDown() && !e.isMiddleButtonDown()) {
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
        if (dragged) {
            return;
        }
        Optional<Hit> hit = model.hit(ox + e.getX() / scale, oy + e.getY() / scale);
        if (e.getButton() == MouseButton.PRIMARY && hit.isPresent() && hit.get() instanceof ToggleHit t) {
            toggle(t.group().id());
            return;
        }
        Item item = hit.isEmpty() ? null : itemAt(e.getX(), e.getY()).orElse(null);
        if (e.getButton() == MouseButton.PRIMARY) {
            vm.select(item == null ? null : item.id());
            if (e.getClickCount() == 2 && item != null) {
                onOpen.accept(consoleTarget(item, hit.get()));
            }
        } else if (e.getButton() == MouseButton.SECONDARY) {
            if (item != null) {
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
            fillCard(item);
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

    private void fillCard(Item i) {
        hoverCard.getChildren().clear();
        Label title = new Label(i.name());
        title.getStyleClass().add("card-title");
        hoverCard.getChildren().add(title);
        String kind = Labels.kind(i.kind()) + (i.namespace() == null ? "" : " · " + i.namespace());
        hoverCard.getChildren().add(line(kind));
        Label state = new Label(Labels.state(i.state()) + (i.status().isEmpty() ? "" : " — " + i.status())
                + (i.stale() ? " (last known)" : ""));
        state.getStyleClass().addAll("card-state", "state-label");
        state.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(i.state().wire()), true);
        hoverCard.getChildren().add(state);
        if (i.isolation() != null) {
            hoverCard.getChildren().add(line("Isolation: " + Labels.isolation(i.isolation())
                    + (i.runtime() == null ? "" : " (" + i.runtime() + ")")));
        }
        if (i.on() != null) {
            hoverCard.getChildren().add(line("On: " + vm.item(i.on()).map(Item::name).orElse(i.on())));
        }
        Group g = model.group(i.id()).orElse(null);
        if (g != null && g.counts().total() > 0) {
            hoverCard.getChildren().add(line(g.counts().kindSummary()));
        }
        if (i.state() == State.MIGRATING) {
            String from = i.properties().get("Migrating from");
            String to = i.properties().get("Migrating to");
            if (from != null || to != null) {
                hoverCard.getChildren().add(line("Migration: " + (from == null ? "?" : from) + " → " + (to == null ? "?" : to)));
            }
        }
        hoverCard.getChildren().add(line("Double-click for console · right-click for actions"));
        hoverCard.getChildren().get(hoverCard.getChildren().size() - 1).getStyleClass().add("card-hint");
    }

    private static Label line(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("card-line");
        return l;
    }

    // ------------------------------------------------------------------ drawing

    private void draw() {
        long t0 = System.nanoTime();
        dirty = false;
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.setFill(palette.background());
        gc.fillRect(0, 0, w, h);
        if (model.groups().isEmpty()) {
            gc.setFill(palette.muted());
            gc.setFont(fontTitle);
            gc.setTextAlign(TextAlignment.CENTER);
            gc.setTextBaseline(VPos.CENTER);
            gc.fillText(vm.loadedProperty().get() ? "Nothing matches the filter" : "Waiting for the first inventory…",
                    w / 2, h / 2);
            gc.setTextAlign(TextAlignment.LEFT);
            finishDraw(t0);
            return;
        }
        gc.setTransform(scale, 0, 0, scale, -ox * scale, -oy * scale);
        double vx = ox;
        double vy = oy;
        double vw = w / scale;
        double vh = h / scale;
        boolean far = scale < FAR_SCALE;
        String sel = vm.selectedIdProperty().get();
        Set<String> busy = vm.busy();
        List<Group> farGroups = new ArrayList<>();
        gc.setTextBaseline(VPos.CENTER);
        for (Group g : model.groups()) {
            if (!g.intersects(vx, vy, vw, vh)) {
                continue;
            }
            drawGroupFrame(gc, g, sel, far);
            if (g.collapsed()) {
                continue;
            }
            if (far) {
                farGroups.add(g);
                continue;
            }
            for (Cell c : g.cells()) {
                if (c.x() < vx + vw && c.x() + c.w() > vx && c.y() < vy + vh && c.y() + c.h() > vy) {
                    drawCell(gc, c, c.item().id().equals(sel), busy.contains(c.item().id()),
                            hovered != null && hovered.id().equals(c.item().id()));
                }
            }
        }
        gc.setTransform(1, 0, 0, 1, 0, 0);
        for (Group g : farGroups) {
            drawFarLabels(gc, g);
        }
        finishDraw(t0);
    }

    /** At a far zoom: name, a state bar and counts per kind and state, in screen pixels (crisp and cheap). */
    private void drawFarLabels(GraphicsContext gc, Group g) {
        double sx = (g.x() - ox) * scale;
        double sy = (g.y() - oy) * scale;
        double sw = g.w() * scale;
        double sh = g.h() * scale;
        boolean nested = g.type() == GroupType.HOST && hasChildGroups(g);
        if (sw < 48 || sh < 14 || nested && TopologyLayout.HEADER * scale < 16) {
            return;
        }
        double x = sx + 6;
        double w = sw - 12;
        gc.setTextBaseline(VPos.TOP);
        gc.setFont(fontSmallBold);
        gc.setFill(g.item() == null ? palette.muted() : palette.text());
        double dot = g.item() == null ? 0 : 9;
        if (g.item() != null) {
            gc.setFill(palette.state(g.item().state()));
            gc.fillOval(x, sy + 6, 6, 6);
            gc.setFill(palette.text());
        }
        gc.fillText(fitter.fit(g.title(), fontSmallBold, w - dot), x + dot, sy + 3);
        if (nested) {
            gc.setTextBaseline(VPos.CENTER);
            return;
        }
        Counts counts = g.counts();
        double y = sy + 19;
        if (counts.total() > 0 && y + 5 < sy + sh) {
            double bx = x;
            for (State st : State.values()) {
                int n = counts.state(st);
                if (n == 0) {
                    continue;
                }
                double part = w * n / counts.total();
                gc.setFill(palette.state(st));
                gc.fillRect(bx, y, part, 5);
                bx += part;
            }
            y += 9;
        }
        gc.setFont(fontSmall);
        gc.setFill(palette.text());
        for (Kind kind : Kind.values()) {
            int n = counts.kind(kind);
            if (n > 0 && y + 13 < sy + sh) {
                gc.fillText(fitter.fit(n + " " + Labels.kind(kind, n), fontSmall, w), x, y);
                y += 13;
            }
        }
        gc.setFill(palette.muted());
        for (State st : State.values()) {
            int n = counts.state(st);
            if (n > 0 && st != State.RUNNING && y + 13 < sy + sh) {
                gc.setFill(palette.state(st));
                gc.fillText(fitter.fit(n + " " + Labels.state(st).toLowerCase(java.util.Locale.ROOT), fontSmall, w), x, y);
                y += 13;
            }
        }
        gc.setTextBaseline(VPos.CENTER);
    }

    private void finishDraw(long t0) {
        draws++;
        lastDrawNanos = System.nanoTime() - t0;
        afterDraw.run();
    }

    private boolean hasChildGroups(Group host) {
        return parents.contains(host.id());
    }

    private void drawGroupFrame(GraphicsContext gc, Group g, String sel, boolean far) {
        Item gi = g.item() == null ? null : vm.item(g.id()).orElse(g.item());
        double r = g.type() == GroupType.HOST ? 6 : 12;
        Color fill = g.type() == GroupType.HOST ? palette.hostFill() : g.type() == GroupType.PENDING
                ? palette.background() : palette.nodeFill();
        Color stroke = g.type() == GroupType.HOST ? palette.hostStroke() : g.type() == GroupType.PENDING
                ? palette.laneStroke() : palette.nodeStroke();
        boolean selected = gi != null && g.id().equals(sel);
        boolean stale = gi != null && gi.stale();
        gc.setGlobalAlpha(stale ? 0.6 : 1);
        gc.setFill(selected ? palette.accentFill() : fill);
        gc.fillRoundRect(g.x(), g.y(), g.w(), g.h(), r, r);
        gc.setStroke(selected ? palette.accent() : stroke);
        gc.setLineWidth((selected ? 2.5 : g.type() == GroupType.HOST ? 1.6 : 1) / Math.min(1, scale));
        if (g.type() == GroupType.PENDING || stale) {
            gc.setLineDashes(6 / Math.min(1, scale), 4 / Math.min(1, scale));
        }
        gc.strokeRoundRect(g.x(), g.y(), g.w(), g.h(), r, r);
        gc.setLineDashes((double[]) null);
        if (g.type() == GroupType.HOST) {
            // a host's title bar is a band, so hosts and nodes differ in shape as well as icon
            gc.setFill(palette.grid());
            gc.fillRoundRect(g.x() + 1, g.y() + 1, g.w() - 2, TopologyLayout.HEADER - 6, r, r);
        }
        if (far) {
            gc.setGlobalAlpha(1);
            return; // labels are drawn in screen space, see drawFarLabels
        }
        double k = 1;
        double cy = g.y() + 20;
        // chevron
        gc.setFill(palette.muted());
        double chx = g.x() + 9;
        if (!far) {
            if (g.collapsed()) {
                gc.fillPolygon(new double[] {chx, chx + 7, chx}, new double[] {cy - 5, cy, cy + 5}, 3);
            } else {
                gc.fillPolygon(new double[] {chx - 1, chx + 9, chx + 4}, new double[] {cy - 3, cy - 3, cy + 3}, 3);
            }
        }
        double ix = g.x() + (far ? 10 : TopologyLayout.TOGGLE_W + 2);
        if (gi != null) {
            drawIcon(gc, KindStyle.icon(gi.kind()), ix, cy - 9 * k, 18 * k, palette.kind(gi.kind()));
        } else {
            drawIcon(gc, WharfIcon.PENDING, ix, cy - 9 * k, 18 * k, palette.muted());
        }
        double tx = ix + 24 * k;
        gc.setFill(palette.text());
        gc.setFont(far ? Font.font(family, FontWeight.BOLD, 13 * k) : fontTitle);
        double right = g.x() + g.w() - 10;
        String stateText = gi == null ? null : Labels.state(gi.state());
        double stateW = stateText == null || far ? 0 : fitter.width(stateText, fontSmallBold) + 24;
        gc.fillText(far ? fit(g.title(), (right - stateW - tx) / k, 7.4)
                : fitter.fit(g.title(), fontTitle, right - stateW - tx - 6), tx, far ? cy : cy - 6);
        if (!far) {
            gc.setFont(fontSmall);
            gc.setFill(palette.muted());
            gc.fillText(fitter.fit(subtitle(g), fontSmall, right - tx), tx, cy + 9);
            if (stateText != null) {
                drawStatePill(gc, gi.state(), stateText, right - stateW, cy - 14, stateW);
            }
        }
        gc.setGlobalAlpha(1);
    }

    private String subtitle(Group g) {
        StringBuilder b = new StringBuilder();
        if (g.type() == GroupType.NODE) {
            if (g.carrier() != null) {
                b.append("VM ").append(g.carrier().name());
                if (g.parentId() == null && g.carrier().on() != null) {
                    b.append(" on ").append(vm.item(g.carrier().on()).map(Item::name).orElse("?"));
                }
            } else if (g.parentId() == null) {
                b.append(Labels.placement(g.item())); // bare metal only with evidence
            } else {
                b.append("VM");
            }
        } else if (g.type() == GroupType.HOST) {
            b.append(g.item().runtime() == null ? "host" : g.item().runtime());
        } else {
            b.append("waiting for a node or host");
        }
        if (g.counts().total() > 0) {
            b.append(" · ").append(g.counts().kindSummary());
        }
        return b.toString();
    }

    private void drawStatePill(GraphicsContext gc, State s, String text, double x, double y, double w) {
        Color c = palette.state(s);
        gc.setFill(c.deriveColor(0, 1, 1, palette.dark() ? 0.22 : 0.13));
        gc.fillRoundRect(x, y, w, 18, 18, 18);
        gc.setFill(c);
        gc.fillOval(x + 7, y + 6, 6, 6);
        gc.setFont(fontSmallBold);
        gc.fillText(text, x + 17, y + 9.5);
    }

    private void drawCell(GraphicsContext gc, Cell c, boolean selected, boolean busy, boolean hover) {
        Item i = vm.item(c.item().id()).orElse(c.item()); // newest version: state-only changes skip the relayout
        double x = c.x();
        double y = c.y();
        double w = c.w();
        double h = c.h();
        Color stateColor = palette.state(i.state());
        gc.setGlobalAlpha(i.stale() ? 0.55 : 1);
        KindStyle.Shape shape = KindStyle.shape(i.kind());
        double r = switch (shape) {
            case PILL -> h;
            case ROUNDED -> 10;
            default -> 2;
        };
        gc.setFill(selected ? palette.accentFill() : hover ? palette.cellHover() : palette.cellFill());
        gc.fillRoundRect(x, y, w, h, r, r);
        gc.setStroke(selected ? palette.accent() : palette.cellStroke());
        gc.setLineWidth(selected ? 2 : 1);
        if (i.stale()) {
            gc.setLineDashes(4, 3);
        }
        gc.strokeRoundRect(x, y, w, h, r, r);
        gc.setLineDashes((double[]) null);
        // state marker: a bar for VMs, a dot inset for rounded shapes
        gc.setFill(stateColor);
        double left;
        if (shape == KindStyle.Shape.SQUARE) {
            gc.fillRect(x + 1, y + 1, 4, h - 2);
            gc.fillRect(x + 7, y + 1, 1.5, h - 2);
            left = x + 13;
        } else if (shape == KindStyle.Shape.PILL) {
            gc.fillOval(x + 9, y + h / 2 - 4, 8, 8);
            left = x + 22;
        } else {
            gc.fillRoundRect(x + 5, y + 6, 4, h - 12, 4, 4);
            left = x + 14;
        }
        // kind glyph, or a spinner while an action runs
        if (busy) {
            gc.setStroke(palette.accent());
            gc.setLineWidth(2);
            double a = (System.nanoTime() / 3_000_000L) % 360;
            gc.strokeArc(left + 1, y + h / 2 - 7, 14, 14, -a, 270, ArcType.OPEN);
        } else {
            drawIcon(gc, KindStyle.icon(i.kind()), left, y + h / 2 - 8, 16, palette.kind(i.kind()));
        }
        double nameX = left + 21;
        double badgeW = i.isolation() == null ? 0 : BADGE_W;
        double right = x + w - 8;
        // the name matters most: the state label shows where it fits beside the whole name, else
        // a short label, else a coloured dot (the hover card and details say the rest)
        String stateText = busy ? "…" : i.state() == State.RUNNING ? "" : Labels.state(i.state());
        double nameRoom = right - badgeW - nameX - 2;
        double nameW = fitter.width(i.name(), fontName);
        double stateW = stateText.isEmpty() ? 0 : fitter.width(stateText, fontSmallBold) + 8;
        boolean dotOnly = false;
        if (stateW > 0 && nameW + stateW > nameRoom) {
            String shortText = Labels.shortState(i.state());
            double shortW = fitter.width(shortText, fontSmallBold) + 8;
            if (!busy && nameW + shortW <= nameRoom) {
                stateText = shortText;
                stateW = shortW;
            } else if (!busy) {
                stateText = "";
                stateW = 10;
                dotOnly = true;
            }
        }
        gc.setFont(fontName);
        gc.setFill(palette.text());
        gc.fillText(fitter.fit(i.name(), fontName, nameRoom - stateW), nameX, y + h / 2);
        if (dotOnly) {
            gc.setFill(stateColor);
            gc.fillOval(right - badgeW - 7, y + h / 2 - 3, 6, 6);
        } else if (!stateText.isEmpty()) {
            gc.setFont(fontSmallBold);
            gc.setFill(busy ? palette.accent() : stateColor);
            gc.setTextAlign(TextAlignment.RIGHT);
            gc.fillText(stateText, right - badgeW, y + h / 2);
            gc.setTextAlign(TextAlignment.LEFT);
        }
        if (i.isolation() != null) {
            WharfIcon badge = i.state() == State.MIGRATING ? WharfIcon.MIGRATING : KindStyle.badge(i.isolation());
            Color bc = i.state() == State.MIGRATING ? stateColor : palette.isolation(i.isolation());
            drawIcon(gc, badge, right - 13, y + h / 2 - 6.5, 13, bc);
        }
        gc.setGlobalAlpha(1);
    }

    private static final double BADGE_W = 18;
    /** The size of a chip's name at 100 %. */
    static final double NAME_FONT_SIZE = 12;

    /**
     * The room a chip of width {@code w} leaves for the name when nothing else (no state label)
     * is drawn: the widest chrome is a pill's state dot and the kind glyph on the left, the
     * isolation badge on the right.
     */
    static double nameRoom(double w, boolean badge) {
        return w - 22 - 21 - 8 - 2 - (badge ? BADGE_W : 0);
    }

    private void drawIcon(GraphicsContext gc, WharfIcon icon, double x, double y, double size, Color c) {
        javafx.scene.image.Image img = icons.get(icon, c);
        // the snapshot's bounds are the glyph's own; centre it in the size x size box
        double k = size / WharfIcon.GRID / (img.getWidth() > 0 ? 36 / WharfIcon.GRID : 1);
        double w = img.getWidth() * k;
        double h = img.getHeight() * k;
        gc.drawImage(img, x + (size - w) / 2, y + (size - h) / 2, w, h);
    }

    /** Cuts {@code s} to about {@code width} pixels at {@code charW} per character. */
    private static String fit(String s, double width, double charW) {
        int max = (int) (width / charW);
        if (max <= 1) {
            return max == 1 ? "…" : "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
