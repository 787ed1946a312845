package dev.wharf.app.cli;

import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory as a text table, as {@code wharf ls} prints it: a pure function of a snapshot
 * and the time. Columns NAME, NAMESPACE, KIND, STATE, ISOLATION, RUNTIME, ON, AGE, with SOURCE
 * first when the snapshot holds more than one source. A stale item (its source is unreachable)
 * shows its state with a {@code *} and the table ends with a footnote saying so.
 *
 * <p>Column widths only grow ({@link #widths}), so rows printed later by {@code --watch} line up
 * with the table printed first.
 */
public final class ItemTable {
    /** Rows come in this order: what runs things before what runs on them. */
    private static final List<Kind> KIND_ORDER = List.of(Kind.HOST, Kind.NODE, Kind.VM, Kind.MICROVM, Kind.POD);
    static final String STALE_FOOTNOTE = "* last known state: its source is unreachable";
    private static final String[] HEADER = {"NAME", "NAMESPACE", "KIND", "STATE", "ISOLATION", "RUNTIME", "ON", "AGE"};

    private final boolean withSource;
    private int[] widths;

    /** A table; {@code withSource} adds the SOURCE column. */
    public ItemTable(boolean withSource) {
        this.withSource = withSource;
        String[] header = header();
        widths = new int[header.length];
        grow(header);
    }

    /** A table for {@code snapshot}: with a SOURCE column if it holds more than one source. */
    public static ItemTable forSnapshot(InventorySnapshot snapshot) {
        return new ItemTable(snapshot.sources().size() > 1);
    }

    /** Rows in display order: hosts, nodes, VMs, microVMs, pods; then namespace, name. */
    public static final Comparator<Item> ROW_ORDER = Comparator
            .comparingInt((Item i) -> KIND_ORDER.indexOf(i.kind()))
            .thenComparing(i -> i.namespace() == null ? "" : i.namespace())
            .thenComparing(Item::name)
            .thenComparing(Item::source);

    /** The whole table: header, rows, and the stale footnote when a row needs it. */
    public String render(InventorySnapshot snapshot, List<Item> items, Instant now) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(ROW_ORDER);
        List<String[]> rows = new ArrayList<>();
        rows.add(header());
        Lookup lookup = new Lookup(snapshot);
        for (Item i : sorted) {
            rows.add(cells(i, lookup, now, null));
        }
        StringBuilder out = new StringBuilder(print(rows));
        if (sorted.stream().anyMatch(Item::stale)) {
            out.append(STALE_FOOTNOTE).append('\n');
        }
        return out.toString();
    }

    /**
     * Rows for changed items, no header ({@code --watch}); {@code stateOverride} replaces the
     * STATE cell (e.g. {@code deleted}) when not null.
     */
    public String rows(InventorySnapshot snapshot, List<Item> items, Instant now, String stateOverride) {
        Lookup lookup = new Lookup(snapshot);
        List<String[]> rows = new ArrayList<>();
        for (Item i : items) {
            rows.add(cells(i, lookup, now, stateOverride));
        }
        return print(rows);
    }

    private String[] header() {
        if (!withSource) {
            return HEADER.clone();
        }
        String[] h = new String[HEADER.length + 1];
        h[0] = "SOURCE";
        System.arraycopy(HEADER, 0, h, 1, HEADER.length);
        return h;
    }

    private String[] cells(Item i, Lookup lookup, Instant now, String stateOverride) {
        String state = stateOverride != null ? stateOverride : i.state().wire() + (i.stale() ? "*" : "");
        String[] c = {
            i.name(),
            dash(i.namespace()),
            i.kind().wire(),
            state,
            i.isolation() == null ? "-" : i.isolation().wire(),
            dash(i.runtime()),
            lookup.name(i.on()),
            Ages.of(i.created(), now)
        };
        if (!withSource) {
            return c;
        }
        String[] w = new String[c.length + 1];
        w[0] = lookup.sourceName(i.source());
        System.arraycopy(c, 0, w, 1, c.length);
        return w;
    }

    private String print(List<String[]> rows) {
        rows.forEach(this::grow);
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]);
                if (c < r.length - 1) {
                    line.append(" ".repeat(widths[c] - r[c].length() + 3));
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private void grow(String[] row) {
        for (int c = 0; c < row.length; c++) {
            widths[c] = Math.max(widths[c], row[c].length());
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Names for ids: the ON column shows the node's or host's name, not its id. */
    static final class Lookup {
        private final Map<String, String> itemNames = new HashMap<>();
        private final Map<String, String> sourceNames = new HashMap<>();

        Lookup(InventorySnapshot snapshot) {
            for (Item i : snapshot.items()) {
                itemNames.put(i.id(), i.name());
            }
            for (SourceInfo s : snapshot.sources()) {
                sourceNames.put(s.id(), s.name());
            }
        }

        /** The name of the item with id {@code id}; for an id not (or no longer) in the inventory, its last segment. */
        String name(String id) {
            if (id == null) {
                return "-";
            }
            String n = itemNames.get(id);
            if (n != null) {
                return n;
            }
            int slash = id.lastIndexOf('/');
            int bar = id.lastIndexOf('|');
            return id.substring(Math.max(slash, bar) + 1);
        }

        String sourceName(String sourceId) {
            return sourceNames.getOrDefault(sourceId, sourceId);
        }
    }
}
