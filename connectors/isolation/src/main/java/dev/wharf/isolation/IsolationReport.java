package dev.wharf.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analysis of a whole inventory: one {@link NodeReport} per node, plus one (node id null)
 * for workloads on no node when there are any. Immutable.
 */
public final class IsolationReport {
    private static final Comparator<NodeReport> ORDER = Comparator.comparing(NodeReport::nodeId,
            Comparator.nullsLast(Comparator.naturalOrder()));

    private final List<NodeReport> nodes;
    private final Map<String, Severity> worstByItem;

    public IsolationReport(Collection<NodeReport> nodes) {
        List<NodeReport> l = new ArrayList<>(nodes);
        l.sort(ORDER);
        this.nodes = List.copyOf(l);
        this.worstByItem = worstByItem(this.nodes);
    }

    private IsolationReport(List<NodeReport> ordered) {
        this.nodes = ordered;
        this.worstByItem = worstByItem(ordered);
    }

    private static Map<String, Severity> worstByItem(List<NodeReport> nodes) {
        Map<String, Severity> out = new HashMap<>();
        for (NodeReport n : nodes) {
            for (Finding f : n.findings()) {
                for (String item : f.items()) {
                    out.merge(item, f.severity(), Severity::worst);
                }
            }
        }
        return Map.copyOf(out);
    }

    /** From reports already in order (by node id, unscheduled last). */
    static IsolationReport ordered(Collection<NodeReport> nodes) {
        return new IsolationReport(List.copyOf(nodes));
    }

    /** Every node's report, by node id; the unscheduled workloads' last. */
    public List<NodeReport> nodes() {
        return nodes;
    }

    /** Every finding, worst first. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        nodes.forEach(n -> out.addAll(n.findings()));
        out.sort(IsolationAnalysis.WORST_FIRST);
        return out;
    }

    public Optional<NodeReport> node(String nodeId) {
        return nodes.stream().filter(n -> nodeId == null ? n.nodeId() == null : nodeId.equals(n.nodeId())).findFirst();
    }

    /** The findings that concern an item (a workload or a node). */
    public List<Finding> concerning(String itemId) {
        List<Finding> out = new ArrayList<>();
        for (NodeReport n : nodes) {
            for (Finding f : n.findings()) {
                if (f.concerns(itemId)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The worst severity of the findings that name each item (a map lookup, for drawing a badge
     * per chip); items no finding names are absent.
     */
    public Map<String, Severity> worstByItem() {
        return worstByItem;
    }

    /** A workload's effective boundary, if the analysis saw it. */
    public Optional<Boundary> boundary(String itemId) {
        for (NodeReport n : nodes) {
            Boundary b = n.boundaries().get(itemId);
            if (b != null) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** True if a finding as bad as {@code threshold} or worse exists. */
    public boolean any(Severity threshold) {
        return nodes.stream().flatMap(n -> n.findings().stream()).anyMatch(f -> f.severity().atLeast(threshold));
    }
}
