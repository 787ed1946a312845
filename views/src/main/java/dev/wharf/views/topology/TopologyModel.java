package dev.wharf.views.topology;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.Counts;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The computed topology: groups (hosts, nodes, the pending lane) with their cells (workloads) at
 * world coordinates, and hit-testing. Immutable; {@link TopologyLayout} builds it off the UI
 * thread, the view only draws it.
 */
public final class TopologyModel {
    /** What a group frames. */
    public enum GroupType {
        HOST, NODE,
        /** Workloads waiting for a node or host. */
        PENDING,
        /** Workloads that are off and run nowhere (a stopped KubeVirt VM): not waiting for anything. */
        STOPPED
    }

    /** A workload's box. */
    public record Cell(Item item, double x, double y, double w, double h) {
        public boolean contains(double px, double py) {
            return px >= x && px < x + w && py >= y && py < y + h;
        }
    }

    /**
     * A frame: a host, a node or the pending lane.
     *
     * @param id        the item's id, or {@link TopologyLayout#PENDING_ID}
     * @param item      the host or node item; null for the pending lane
     * @param parentId  the host a node runs on, else null
     * @param carrier   the VM that is this node, if Wharf sees it; else null
     * @param cells     its workloads (empty when collapsed)
     * @param counts    counts of everything inside (also when collapsed)
     */
    public record Group(String id, Item item, GroupType type, String title, double x, double y, double w, double h,
                        boolean collapsed, String parentId, Item carrier, List<Cell> cells, Counts counts) {
        public boolean contains(double px, double py) {
            return px >= x && px < x + w && py >= y && py < y + h;
        }

        public boolean intersects(double rx, double ry, double rw, double rh) {
            return x < rx + rw && x + w > rx && y < ry + rh && y + h > ry;
        }

        public boolean inHeader(double px, double py) {
            return contains(px, py) && py < y + TopologyLayout.HEADER;
        }

        public boolean onToggle(double px, double py) {
            return inHeader(px, py) && px < x + TopologyLayout.TOGGLE_W;
        }
    }

    /** What is under a point. */
    public sealed interface Hit permits CellHit, GroupHit, ToggleHit {
    }

    /** A workload. */
    public record CellHit(Group group, Cell cell) implements Hit {
    }

    /** A host, node or the lane itself (not one of its workloads). */
    public record GroupHit(Group group) implements Hit {
    }

    /** The collapse/expand chevron of a group. */
    public record ToggleHit(Group group) implements Hit {
    }

    public static final TopologyModel EMPTY = new TopologyModel(List.of(), 0, 0);

    private final List<Group> groups;
    private final double width;
    private final double height;
    private final Map<String, Group> groupById = new HashMap<>();
    private final Map<String, Cell> cellById = new HashMap<>();
    private final Map<String, Group> groupOfCell = new HashMap<>();

    /** The wrap width (0: none) and node-column aspect a fitted layout was computed with. */
    private double wrapWidth;
    private double aspect = 2.5;
    private double maxChip = TopologyLayout.MAX_CELL_W;
    private boolean scrolls;

    public TopologyModel(List<Group> groups, double width, double height) {
        this.groups = List.copyOf(groups);
        this.width = width;
        this.height = height;
        for (Group g : this.groups) {
            groupById.put(g.id(), g);
            for (Cell c : g.cells()) {
                cellById.put(c.item().id(), c);
                groupOfCell.put(c.item().id(), g);
            }
        }
    }

    TopologyModel wrapped(double wrapWidth, double aspect, double maxChip) {
        this.wrapWidth = wrapWidth;
        this.aspect = aspect;
        this.maxChip = maxChip;
        return this;
    }

    double maxChip() {
        return maxChip;
    }

    /** Marks a layout wrapped for a zoom at which it does not fit: the view shows it from the top and scrolls. */
    TopologyModel scrolling() {
        this.scrolls = true;
        return this;
    }

    /** True for a layout that is meant to scroll (too big to show at once at a readable zoom). */
    public boolean scrolls() {
        return scrolls;
    }

    /** The width the layout was wrapped to (0: not wrapped to a viewport). */
    public double wrapWidth() {
        return wrapWidth;
    }

    double aspect() {
        return aspect;
    }

    /** Groups in drawing order: a host before the nodes inside it. */
    public List<Group> groups() {
        return Collections.unmodifiableList(groups);
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public Optional<Group> group(String id) {
        return Optional.ofNullable(groupById.get(id));
    }

    /** The box of a workload, if it is drawn (visible and its group expanded). */
    public Optional<Cell> cell(String itemId) {
        return Optional.ofNullable(cellById.get(itemId));
    }

    /** The group a workload is drawn in. */
    public Optional<Group> groupOf(String itemId) {
        return Optional.ofNullable(groupOfCell.get(itemId));
    }

    /** Number of workloads drawn as cells. */
    public int cellCount() {
        return cellById.size();
    }

    /** The ids of everything shown: groups that stand for items, and cells. */
    public java.util.Set<String> shownIds() {
        java.util.Set<String> out = new java.util.HashSet<>(cellById.keySet());
        for (Group g : groups) {
            if (g.item() != null) {
                out.add(g.id());
            }
        }
        return out;
    }

    /** Where the box of an item (cell or group) is: x, y, w, h. */
    public Optional<double[]> bounds(String id) {
        Cell c = cellById.get(id);
        if (c != null) {
            return Optional.of(new double[] {c.x(), c.y(), c.w(), c.h()});
        }
        Group g = groupById.get(id);
        return g == null ? Optional.empty() : Optional.of(new double[] {g.x(), g.y(), g.w(), g.h()});
    }

    /** What is at world point ({@code x}, {@code y}): the innermost thing. */
    public Optional<Hit> hit(double x, double y) {
        for (int gi = groups.size() - 1; gi >= 0; gi--) {
            Group g = groups.get(gi);
            if (!g.contains(x, y)) {
                continue;
            }
            if (g.onToggle(x, y)) {
                return Optional.of(new ToggleHit(g));
            }
            for (Cell c : g.cells()) {
                if (c.contains(x, y)) {
                    return Optional.of(new CellHit(g, c));
                }
            }
            return Optional.of(new GroupHit(g));
        }
        return Optional.empty();
    }

    /** The item at a world point: a workload, or the host/node whose frame it is. */
    public Optional<Item> itemAt(double x, double y) {
        return hit(x, y).map(h -> {
            if (h instanceof CellHit c) {
                return c.cell().item();
            }
            return h instanceof GroupHit g ? g.group().item() : ((ToggleHit) h).group().item();
        });
    }
}
