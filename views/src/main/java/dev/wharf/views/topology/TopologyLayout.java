package dev.wharf.views.topology;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.model.Counts;
import dev.wharf.views.topology.TopologyModel.Cell;
import dev.wharf.views.topology.TopologyModel.Group;
import dev.wharf.views.topology.TopologyModel.GroupType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lays the inventory out as nested frames — a pure function, run off the UI thread:
 * hosts hold the nodes that run on them as VMs (a node whose {@code on} is a host) and their own
 * domains; a node with no host stands alone (bare metal, or a placement Wharf cannot tell); a node holds what runs on it
 * ({@code on} == node id); workloads with no place yet go to the pending lane.
 * Groups are items with children, not kinds: any item something runs on becomes a frame.
 */
public final class TopologyLayout {
    public static final String PENDING_ID = "#pending";
    public static final String STOPPED_ID = "#stopped";
    /** Wide enough for a typical 24-character name next to the kind glyph and the isolation badge at 100 %. */
    public static final double CELL_W = 236;
    public static final double CELL_H = 30;
    /** Chips grow up to this width for long names (the name is then cut in the middle). */
    public static final double MAX_CELL_W = 420;
    /** About the width of a character of a chip's name at 100 % (12 px system font). */
    static final double NAME_CHAR_W = 6.3;
    /** A chip's room besides its name: state marker, kind glyph, isolation badge, paddings. */
    static final double CHIP_CHROME = 71;
    /** Room for a short state label beside the name, on chips that are not running. */
    static final double STATE_ROOM = 40;
    public static final double GAP = 6;
    public static final double PAD = 12;
    public static final double HEADER = 42;
    public static final double TOGGLE_W = 26;
    public static final double MIN_GROUP_W = 240;
    public static final double GROUP_GAP = 18;

    private TopologyLayout() {
    }

    /**
     * @param all       every item (groups are found among them even when the filter hides them)
     * @param visible   which items the user wants to see (the filter)
     * @param collapsed ids of collapsed groups
     */
    public static TopologyModel compute(List<Item> all, Predicate<Item> visible, Set<String> collapsed) {
        return compute(all, visible, collapsed, 0, 2.5, MAX_CELL_W);
    }

    /** Up to this many cells the layout is fitted to the viewport by trying several widths. */
    public static final int FIT_SEARCH_LIMIT = 2000;

    /**
     * The layout that shows everything at the largest zoom in a viewport of {@code viewW × viewH}
     * pixels: groups wrap to the width (node frames flow within their host, node columns adapt)
     * instead of one wide row. For more than {@link #FIT_SEARCH_LIMIT} cells (the overview shows
     * counts anyway) this is the plain layout.
     */
    public static TopologyModel computeFitted(List<Item> all, Predicate<Item> visible, Set<String> collapsed,
                                              double viewW, double viewH) {
        return computeFitted(all, visible, collapsed, viewW, viewH, null);
    }

    /**
     * As {@link #computeFitted(List, Predicate, Set, double, double)}, but keeping the wrap of
     * {@code previous} (a layout for the same viewport) while everything still fits at the zoom it
     * had: a VM that stops or starts, a pod that comes or goes, does not rearrange the frames.
     */
    public static TopologyModel computeFitted(List<Item> all, Predicate<Item> visible, Set<String> collapsed,
                                              double viewW, double viewH, TopologyModel previous) {
        if (viewW <= 0 || viewH <= 0 || all.size() > FIT_SEARCH_LIMIT) {
            return compute(all, visible, collapsed);
        }
        if (previous != null && previous.wrapWidth() > 0) {
            TopologyModel kept = compute(all, visible, collapsed, previous.wrapWidth(), previous.aspect(),
                    previous.maxChip()).wrapped(previous.wrapWidth(), previous.aspect(), previous.maxChip());
            // only a true fit is kept (a fallback that scrolls is searched again: more may fit now)
            double k = fitScale(kept, viewW, viewH);
            if (k >= READABLE_SCALE && k >= fitScale(previous, viewW, viewH) - 1e-6) {
                return kept;
            }
        }
        // chips as wide as their names want, or narrower (names cut in the middle) when that is what
        // it takes to show everything at a readable zoom
        for (double maxChip : new double[] {MAX_CELL_W, 300, CELL_W}) {
            TopologyModel best = null;
            double bestScale = -1;
            for (double aspect : new double[] {2.5, 1.2, 0.6}) {
                for (double s = 1.0; s >= 0.499; s -= 0.05) {
                    TopologyModel m = compute(all, visible, collapsed, viewW / s, aspect, maxChip)
                            .wrapped(viewW / s, aspect, maxChip);
                    double k = fitScale(m, viewW, viewH);
                    if (k > bestScale + 1e-6) {
                        best = m;
                        bestScale = k;
                    }
                }
            }
            if (bestScale >= READABLE_SCALE) {
                return best;
            }
        }
        // too small to read when fitted: wrap to the width at the zoom the view will show
        // (it scrolls down, never sideways)
        return compute(all, visible, collapsed, viewW / FALLBACK_SCALE, 2.5, MAX_CELL_W)
                .wrapped(viewW / FALLBACK_SCALE, 2.5, MAX_CELL_W).scrolling();
    }

    /** The zoom (at most 1) at which {@code m} fits in {@code viewW × viewH}, with the view's margin. */
    public static double fitScale(TopologyModel m, double viewW, double viewH) {
        if (m.width() <= 0 || m.height() <= 0) {
            return 1;
        }
        double margin = 2 * FIT_MARGIN;
        return Math.min(1, Math.min((viewW - margin) / m.width(), (viewH - margin) / m.height()));
    }

    /** Below this zoom a fitted layout is too small to read: the view shows it at {@link #FALLBACK_SCALE}. */
    public static final double READABLE_SCALE = 0.7;
    public static final double FALLBACK_SCALE = 0.9;

    /** The margin the view keeps around a fitted layout, in pixels. */
    public static final double FIT_MARGIN = 16;

    /**
     * @param width  the width to wrap to, in layout units (0: a roughly square arrangement)
     * @param aspect node frames get about {@code sqrt(cells / aspect)} columns (smaller: wider frames)
     */
    static TopologyModel compute(List<Item> all, Predicate<Item> visible, Set<String> collapsed, double width,
                                 double aspect, double maxChip) {
        double wrap = width <= 0 ? 0 : width - 2 * FIT_MARGIN;
        Map<String, Item> byId = new HashMap<>(all.size() * 2);
        for (Item i : all) {
            byId.put(i.id(), i);
        }
        // Which items are frames: hosts, nodes, and anything something else runs on.
        Set<String> frameIds = new HashSet<>();
        for (Item i : all) {
            if (i.kind() == Kind.HOST || i.kind() == Kind.NODE) {
                frameIds.add(i.id());
            }
        }
        // the VM that is a node: shown as the node's frame, not as a cell
        Map<String, Item> carrierOf = new HashMap<>();
        for (Item i : all) {
            if (i.carries() != null && frameIds.contains(i.carries())) {
                carrierOf.put(i.carries(), i);
            }
        }
        Map<String, List<Item>> cellsOf = new LinkedHashMap<>();
        List<Item> pending = new ArrayList<>();
        List<Item> stopped = new ArrayList<>();
        for (Item i : all) {
            if (frameIds.contains(i.id()) || !i.listedByDefault() || !visible.test(i)) {
                continue;
            }
            if (i.carries() != null && frameIds.contains(i.carries())) {
                continue;
            }
            if (i.on() != null && frameIds.contains(i.on())) {
                cellsOf.computeIfAbsent(i.on(), k -> new ArrayList<>()).add(i);
            } else if (i.state() == dev.wharf.inventory.State.STOPPED) {
                stopped.add(i); // off, running nowhere: not waiting for a node
            } else {
                pending.add(i);
            }
        }
        Comparator<Item> byName = Comparator.comparing((Item i) -> i.namespace() == null ? "" : i.namespace())
                .thenComparing(Item::name).thenComparing(Item::id);
        cellsOf.values().forEach(l -> l.sort(byName));
        pending.sort(byName);
        stopped.sort(byName);

        // nodes per host
        Map<String, List<Item>> nodesOfHost = new LinkedHashMap<>();
        List<Item> hosts = new ArrayList<>();
        List<Item> bare = new ArrayList<>();
        for (Item i : all) {
            if (!frameIds.contains(i.id())) {
                continue;
            }
            String parent = i.on();
            Item p = parent == null ? null : byId.get(parent);
            if (p != null && frameIds.contains(p.id()) && p.kind() == Kind.HOST && i.kind() != Kind.HOST) {
                nodesOfHost.computeIfAbsent(parent, k -> new ArrayList<>()).add(i);
            } else if (i.kind() == Kind.HOST) {
                hosts.add(i);
            } else {
                bare.add(i);
            }
        }
        hosts.sort(Comparator.comparing(Item::name));
        bare.sort(Comparator.comparing(Item::name));
        nodesOfHost.values().forEach(l -> l.sort(Comparator.comparing(Item::name)));

        boolean filtering = !(visible instanceof AcceptAll);
        // Build blocks: each a list of groups relative to (0,0), with a size.
        List<Block> blocks = new ArrayList<>();
        for (Item h : hosts) {
            List<Block> inner = new ArrayList<>();
            for (Item n : nodesOfHost.getOrDefault(h.id(), List.of())) {
                Block nb = nodeBlock(n, carrierOf.get(n.id()), cellsOf.getOrDefault(n.id(), List.of()), maxChip, collapsed, h.id(),
                        aspect, wrap <= 0 ? 0 : wrap - 2 * PAD);
                if (!filtering || visible.test(n) || shows(visible, carrierOf.get(n.id()))
                        || !nb.groups.get(0).counts().byKind().isEmpty()) {
                    inner.add(nb);
                }
            }
            List<Item> own = cellsOf.getOrDefault(h.id(), List.of());
            if (filtering && !visible.test(h) && inner.isEmpty() && own.isEmpty()) {
                continue;
            }
            blocks.add(hostBlock(h, own, inner, collapsed, wrap, maxChip));
        }
        for (Item n : bare) {
            Block nb = nodeBlock(n, carrierOf.get(n.id()), cellsOf.getOrDefault(n.id(), List.of()), maxChip, collapsed, null,
                    aspect, wrap);
            if (!filtering || visible.test(n) || shows(visible, carrierOf.get(n.id()))
                    || nb.groups.get(0).counts().total() > 0) {
                blocks.add(nb);
            }
        }
        // shelf packing of the blocks
        double area = 0;
        double widest = 0;
        for (Block b : blocks) {
            area += (b.w + GROUP_GAP) * (b.h + GROUP_GAP);
            widest = Math.max(widest, b.w);
        }
        double target = wrap > 0 ? Math.max(wrap, widest) : Math.max(Math.max(1200, widest), Math.sqrt(area * 1.3));
        List<Group> out = new ArrayList<>();
        double x = 0;
        double y = 0;
        double rowH = 0;
        double maxW = 0;
        for (Block b : blocks) {
            if (x > 0 && x + b.w > target) {
                x = 0;
                y += rowH + GROUP_GAP;
                rowH = 0;
            }
            for (Group g : b.groups) {
                out.add(shift(g, x, y));
            }
            x += b.w + GROUP_GAP;
            maxW = Math.max(maxW, x - GROUP_GAP);
            rowH = Math.max(rowH, b.h);
        }
        y += blocks.isEmpty() ? 0 : rowH + GROUP_GAP;
        // the lanes go last, so that a workload entering or leaving one moves no frame above; both
        // share one row when both have something (each half the width)
        double laneW = Math.max(maxW, MIN_GROUP_W * 2);
        boolean both = !pending.isEmpty() && !stopped.isEmpty();
        double each = both ? (laneW - GROUP_GAP) / 2 : laneW;
        double laneX = 0;
        double laneRowH = 0;
        for (Object[] lane : new Object[][] {
                {PENDING_ID, GroupType.PENDING, "Pending — not scheduled", pending},
                {STOPPED_ID, GroupType.STOPPED, "Stopped — not running", stopped}}) {
            @SuppressWarnings("unchecked")
            List<Item> items = (List<Item>) lane[3];
            if (items.isEmpty()) {
                continue;
            }
            String id = (String) lane[0];
            double cw = Math.min(chipWidth(items, maxChip), each - 2 * PAD);
            int laneCols = columnsWithin(each, cw);
            Block b = cellsBlock(id, null, (GroupType) lane[1], (String) lane[2], items, laneCols,
                    collapsed.contains(id), null, null, each, cw);
            for (Group g : b.groups) {
                out.add(shift(g, laneX, y));
            }
            laneX += b.w + GROUP_GAP;
            laneRowH = Math.max(laneRowH, b.h);
            maxW = Math.max(maxW, laneX - GROUP_GAP);
        }
        if (laneRowH > 0) {
            y += laneRowH;
        } else if (!blocks.isEmpty()) {
            y -= GROUP_GAP;
        }
        return new TopologyModel(out, maxW, y);
    }

    /** Whether the filter shows {@code carrier}, the VM a node frame also stands for. */
    private static boolean shows(Predicate<Item> visible, Item carrier) {
        return carrier != null && visible.test(carrier);
    }

    /** A predicate that lets everything through; the layout shows empty frames for it. */
    public static final class AcceptAll implements Predicate<Item> {
        @Override
        public boolean test(Item item) {
            return true;
        }
    }

    private record Block(List<Group> groups, double w, double h) {
    }

    private static int columnsFor(int n) {
        return columnsFor(n, 2.5);
    }

    private static int columnsFor(int n, double aspect) {
        if (n <= 1) {
            return 1;
        }
        return (int) Math.max(1, Math.min(Math.min(6, n), Math.ceil(Math.sqrt(n / aspect))));
    }

    /** How many cell columns fit in {@code width} (0: no limit). */
    private static int columnsWithin(double width, double cellW) {
        if (width <= 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, Math.floor((width - 2 * PAD + GAP) / (cellW + GAP)));
    }

    /**
     * How wide the chips of a group are: wide enough for its longest name (and a state label
     * where it is not running), at least {@link #CELL_W}, at most {@code maxChip}.
     */
    static double chipWidth(List<Item> items, double maxChip) {
        double w = CELL_W;
        for (Item i : items) {
            double need = CHIP_CHROME + NAME_CHAR_W * i.name().length()
                    + (i.state() == dev.wharf.inventory.State.RUNNING ? 0 : STATE_ROOM);
            w = Math.max(w, need);
        }
        return Math.ceil(Math.min(maxChip, w));
    }

    private static Block nodeBlock(Item node, Item carrier, List<Item> cells, double maxChip, Set<String> collapsed,
                                   String parent,
                                   double aspect, double maxW) {
        double cw = chipWidth(cells, maxChip);
        int cols = Math.min(columnsFor(cells.size(), aspect), columnsWithin(maxW, cw));
        return cellsBlock(node.id(), node, GroupType.NODE, node.name(), cells, cols,
                collapsed.contains(node.id()), parent, carrier, 0, cw);
    }

    private static Block cellsBlock(String id, Item item, GroupType type, String title, List<Item> items, int cols,
                                    boolean isCollapsed, String parent, Item carrier, double minW, double chipW) {
        double w = Math.max(Math.max(MIN_GROUP_W, minW), 2 * PAD + cols * chipW + (cols - 1) * GAP);
        // the chips take the room the frame has
        double cw = cols == 0 ? chipW : Math.max(chipW, Math.floor((w - 2 * PAD - (cols - 1) * GAP) / cols));
        Counts counts = Counts.of(items);
        List<Cell> cells = new ArrayList<>(isCollapsed ? 0 : items.size());
        double h;
        if (isCollapsed) {
            h = HEADER + 8;
        } else {
            int rows = (items.size() + cols - 1) / cols;
            for (int k = 0; k < items.size(); k++) {
                int r = k / cols;
                int c = k % cols;
                cells.add(new Cell(items.get(k), PAD + c * (cw + GAP), HEADER + r * (CELL_H + GAP), cw, CELL_H));
            }
            h = HEADER + Math.max(1, rows) * (CELL_H + GAP) - GAP + PAD;
        }
        Group g = new Group(id, item, type, title, 0, 0, w, h, isCollapsed, parent, carrier, cells, counts);
        return new Block(List.of(g), w, h);
    }

    private static Block hostBlock(Item host, List<Item> own, List<Block> nodes, Set<String> collapsed, double wrap,
                                   double maxChip) {
        boolean isCollapsed = collapsed.contains(host.id());
        double cw = chipWidth(own, maxChip);
        int cols = Math.min(Math.max(2, columnsFor(own.size())), columnsWithin(wrap, cw));
        List<Item> all = new ArrayList<>(own);
        double innerW = 2 * PAD + cols * cw + (cols - 1) * GAP;
        // nodes in rows: up to three, or as many as the width holds when wrapping to a viewport
        double rowsW = 0;
        List<List<Block>> rows = new ArrayList<>();
        List<Block> row = new ArrayList<>();
        double rw = 0;
        for (Block b : nodes) {
            boolean full = wrap > 0 ? !row.isEmpty() && rw + b.w > wrap - 2 * PAD : row.size() == 3;
            if (full) {
                rows.add(row);
                rowsW = Math.max(rowsW, rw - GAP * 2);
                row = new ArrayList<>();
                rw = 0;
            }
            row.add(b);
            rw += b.w + GAP * 2;
        }
        if (!row.isEmpty()) {
            rows.add(row);
            rowsW = Math.max(rowsW, rw - GAP * 2);
        }
        double w = Math.max(MIN_GROUP_W, Math.max(own.isEmpty() ? 0 : innerW, rowsW + 2 * PAD));
        if (!own.isEmpty()) {
            cols = (int) Math.max(cols, Math.floor((w - 2 * PAD + GAP) / (cw + GAP)));
            cw = Math.max(cw, Math.floor((w - 2 * PAD - (cols - 1) * GAP) / cols));
        }
        List<Group> groups = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        double y = HEADER;
        if (!isCollapsed) {
            for (int k = 0; k < own.size(); k++) {
                int r = k / cols;
                int c = k % cols;
                cells.add(new Cell(own.get(k), PAD + c * (cw + GAP), HEADER + r * (CELL_H + GAP), cw, CELL_H));
            }
            if (!own.isEmpty()) {
                y += ((own.size() + cols - 1) / cols) * (CELL_H + GAP) + GAP;
            }
            for (List<Block> r : rows) {
                double x = PAD;
                double rh = 0;
                for (Block b : r) {
                    for (Group g : b.groups) {
                        groups.add(shift(g, x, y));
                    }
                    x += b.w + GAP * 2;
                    rh = Math.max(rh, b.h);
                }
                y += rh + GAP * 2;
            }
        }
        double h = isCollapsed ? HEADER + 8 : Math.max(HEADER + 8, y + PAD - (rows.isEmpty() ? GAP : GAP * 2));
        List<Counts> parts = new ArrayList<>();
        parts.add(Counts.of(all));
        for (Block b : nodes) {
            parts.add(b.groups.get(0).counts());
        }
        Counts counts = Counts.sum(parts);
        Group hg = new Group(host.id(), host, GroupType.HOST, host.name(), 0, 0, w, h, isCollapsed, null, null,
                cells, counts);
        List<Group> out = new ArrayList<>();
        out.add(hg);
        if (!isCollapsed) {
            out.addAll(groups);
        }
        return new Block(out, w, h);
    }

    private static Group shift(Group g, double dx, double dy) {
        List<Cell> cells = new ArrayList<>(g.cells().size());
        for (Cell c : g.cells()) {
            cells.add(new Cell(c.item(), c.x() + dx, c.y() + dy, c.w(), c.h()));
        }
        return new Group(g.id(), g.item(), g.type(), g.title(), g.x() + dx, g.y() + dy, g.w(), g.h(), g.collapsed(),
                g.parentId(), g.carrier(), cells, g.counts());
    }
}
