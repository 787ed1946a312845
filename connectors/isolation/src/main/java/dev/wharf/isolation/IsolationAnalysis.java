package dev.wharf.isolation;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The whole analysis as pure functions: items in, a report out. */
public final class IsolationAnalysis {
    /** Worst first; then by rule, node (unscheduled last) and first item: a stable order for scripts and tests. */
    static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::rule)
            .thenComparing(Finding::node, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(f -> f.items().isEmpty() ? "" : f.items().get(0));

    private IsolationAnalysis() {
    }

    /** Analyses every node of {@code items} (and the workloads on no node). */
    public static IsolationReport analyse(Collection<Item> items, IsolationSettings settings) {
        Map<String, Item> nodes = new HashMap<>();
        Map<String, List<Item>> byNode = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Item i : items) {
            if (i.kind() == Kind.NODE) {
                nodes.put(i.id(), i);
                byNode.computeIfAbsent(i.id(), k -> new ArrayList<>());
            } else if (isWorkload(i)) {
                byNode.computeIfAbsent(i.on(), k -> new ArrayList<>()).add(i);
            }
        }
        List<NodeReport> reports = new ArrayList<>(byNode.size());
        byNode.forEach((node, ws) -> reports.add(analyseNode(node, nodes.get(node), ws, settings)));
        return new IsolationReport(reports);
    }

    /**
     * A Kubernetes workload the analysis looks at: a pod, microVM or KubeVirt VM (namespaced),
     * running or about to; not a virt-launcher pod (its VM stands for it) nor a finished pod.
     */
    public static boolean isWorkload(Item i) {
        return (i.kind() == Kind.POD || i.kind() == Kind.MICROVM || i.kind() == Kind.VM)
                && i.namespace() != null && i.owner() == null
                && i.state() != dev.wharf.inventory.State.SUCCEEDED && i.state() != dev.wharf.inventory.State.STOPPED;
    }

    /** One node: its workloads' boundaries and tenants, its kernels, every rule's findings. */
    public static NodeReport analyseNode(String nodeId, Item node, Collection<Item> items, IsolationSettings settings) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::id));
        List<Workload> workloads = new ArrayList<>(sorted.size());
        Map<String, Boundary> boundaries = new HashMap<>();
        Map<String, String> tenants = new HashMap<>();
        for (Item i : sorted) {
            Workload w = Workload.of(i, settings);
            workloads.add(w);
            boundaries.put(i.id(), w.boundary());
            if (w.tenant() != null) {
                tenants.put(i.id(), w.tenant());
            }
        }
        NodeScope scope = new NodeScope(nodeId, node, workloads);
        List<Finding> findings = new ArrayList<>();
        for (Rule r : Rules.ALL) {
            r.check(scope, findings::add);
        }
        findings.sort(WORST_FIRST);
        return new NodeReport(nodeId, scope.nodeName(), scope.placement(), scope.kernels(), findings, boundaries, tenants);
    }
}
