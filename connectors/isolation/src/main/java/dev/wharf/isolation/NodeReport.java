package dev.wharf.isolation;

import dev.wharf.inventory.NodePlacement;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one node (or, with a null {@code nodeId}, of the workloads on no node).
 *
 * @param nodeId     the node's id; null for unscheduled workloads
 * @param name       the node's name ("no node" for unscheduled workloads)
 * @param placement  where the node runs, with the evidence
 * @param kernels    the node kernel first, then each workload's own kernel
 * @param findings   what the rules found, worst first
 * @param boundaries each workload's effective boundary, by item id
 * @param tenants    each workload's tenant by item id (infrastructure: absent)
 */
public record NodeReport(String nodeId, String name, NodePlacement placement, List<Kernel> kernels,
                         List<Finding> findings, Map<String, Boundary> boundaries, Map<String, String> tenants) {
    public NodeReport {
        kernels = List.copyOf(kernels);
        findings = List.copyOf(findings);
        boundaries = Map.copyOf(boundaries);
        tenants = Map.copyOf(tenants);
    }

    /** The worst severity found on this node; null when nothing was. */
    public Severity worst() {
        Severity w = null;
        for (Finding f : findings) {
            w = Severity.worst(w, f.severity());
        }
        return w;
    }
}
