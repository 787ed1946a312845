package dev.wharf.isolation;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The analysis kept up to date from inventory deltas: a change re-analyses the nodes it touches
 * only (a pod's node, before and after a move; a node itself). Not thread-safe: feed it from one
 * thread (an inventory listener's, or a background executor), never the UI thread.
 */
public final class LiveIsolation {
    private static final String UNSCHEDULED = "";
    /** Reports are kept in report order: by node id, the unscheduled workloads' last. */
    private static final java.util.Comparator<String> REPORT_ORDER = (a, b) ->
            a.equals(b) ? 0 : a.isEmpty() ? 1 : b.isEmpty() ? -1 : a.compareTo(b);

    private final IsolationSettings settings;
    private final Map<String, Item> nodes = new HashMap<>();
    /** Workloads by bucket (node id, or "" for no node), by item id. */
    private final Map<String, Map<String, Item>> workloads = new HashMap<>();
    private final Map<String, String> bucketOf = new HashMap<>();
    private final Map<String, NodeReport> reports = new java.util.TreeMap<>(REPORT_ORDER);
    private IsolationReport report = new IsolationReport(java.util.List.of());

    public LiveIsolation(IsolationSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** The current report. */
    public IsolationReport report() {
        return report;
    }

    /**
     * Applies a delta (an initial one replaces everything) and returns the new report.
     *
     * @return the new report; the same object when nothing the analysis looks at changed
     */
    public IsolationReport apply(InventoryDelta delta) {
        Set<String> dirty = new HashSet<>();
        if (delta.initial()) {
            nodes.clear();
            workloads.clear();
            bucketOf.clear();
            reports.clear();
        }
        for (String id : delta.removed()) {
            forget(id, dirty);
        }
        for (Item i : delta.upserted()) {
            if (i.kind() == Kind.NODE) {
                nodes.put(i.id(), i);
                dirty.add(i.id());
            } else if (IsolationAnalysis.isWorkload(i)) {
                String bucket = i.on() == null ? UNSCHEDULED : i.on();
                String before = bucketOf.put(i.id(), bucket);
                if (before != null && !before.equals(bucket)) {
                    remove(before, i.id());
                    dirty.add(before);
                }
                workloads.computeIfAbsent(bucket, k -> new LinkedHashMap<>()).put(i.id(), i);
                dirty.add(bucket);
            } else {
                forget(i.id(), dirty); // e.g. a pod that finished
            }
        }
        if (dirty.isEmpty() && !delta.initial()) {
            return report;
        }
        for (String bucket : dirty) {
            Map<String, Item> ws = workloads.getOrDefault(bucket, Map.of());
            Item node = nodes.get(bucket);
            if (ws.isEmpty() && node == null) {
                reports.remove(bucket);
            } else {
                String nodeId = UNSCHEDULED.equals(bucket) ? null : bucket;
                reports.put(bucket, IsolationAnalysis.analyseNode(nodeId, node, ws.values(), settings));
            }
        }
        report = IsolationReport.ordered(reports.values());
        return report;
    }

    private void forget(String id, Set<String> dirty) {
        if (nodes.remove(id) != null) {
            dirty.add(id);
        }
        String bucket = bucketOf.remove(id);
        if (bucket != null) {
            remove(bucket, id);
            dirty.add(bucket);
        }
    }

    private void remove(String bucket, String id) {
        Map<String, Item> ws = workloads.get(bucket);
        if (ws != null) {
            ws.remove(id);
            if (ws.isEmpty()) {
                workloads.remove(bucket);
            }
        }
    }
}
