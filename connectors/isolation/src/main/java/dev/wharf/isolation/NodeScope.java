package dev.wharf.isolation;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodePlacement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * One node and the workloads on it, as the rules see them. The scope of workloads not scheduled
 * on any node has no node ({@link #nodeId()} null): node-wide rules skip it.
 *
 * <p>{@code nodeId}: null for unscheduled workloads; {@code node}: the node item, null when
 * unscheduled or the node is not (yet) in the inventory; {@code workloads} sorted by id.
 */
public final class NodeScope {
    private final String nodeId;
    private final Item node;
    private final List<Workload> workloads;
    private final List<Workload> onNodeKernel;
    private final List<String> nodeKernelTenants;

    public NodeScope(String nodeId, Item node, List<Workload> workloads) {
        this.nodeId = nodeId;
        this.node = node;
        this.workloads = List.copyOf(workloads);
        List<Workload> shared = new ArrayList<>();
        TreeSet<String> tenants = new TreeSet<>();
        for (Workload w : this.workloads) {
            if (w.boundary() == Boundary.CONTAINER) {
                shared.add(w);
                if (w.tenant() != null) {
                    tenants.add(w.tenant());
                }
            }
        }
        this.onNodeKernel = Collections.unmodifiableList(shared);
        this.nodeKernelTenants = List.copyOf(tenants);
    }

    public String nodeId() {
        return nodeId;
    }

    public Item node() {
        return node;
    }

    public List<Workload> workloads() {
        return workloads;
    }

    /** The node's name for messages ("worker-1"), or "no node" for unscheduled workloads. */
    public String nodeName() {
        if (node != null) {
            return node.name();
        }
        return nodeId == null ? "no node" : nodeId.substring(nodeId.lastIndexOf('/') + 1);
    }

    public NodePlacement placement() {
        return node == null ? NodePlacement.unknown("the node is not in the inventory")
                : node.facet(NodePlacement.class).orElse(NodePlacement.unknown("its source tells nothing"));
    }

    /** Workloads that share the node kernel (boundary container), infrastructure included. */
    public List<Workload> onNodeKernel() {
        return onNodeKernel;
    }

    /** The tenants (infrastructure left out) with workloads on the node kernel, sorted. */
    public List<String> nodeKernelTenants() {
        return nodeKernelTenants;
    }

    /** The node kernel and each workload's own kernel. */
    public List<Kernel> kernels() {
        List<Kernel> out = new ArrayList<>();
        if (nodeId != null) {
            List<String> shared = new ArrayList<>(onNodeKernel.size());
            onNodeKernel.forEach(w -> shared.add(w.id()));
            out.add(new Kernel(Boundary.CONTAINER, nodeKernelTenants, shared));
        }
        for (Workload w : workloads) {
            if (w.boundary() != Boundary.CONTAINER) {
                out.add(new Kernel(w.boundary(), w.tenants(), List.of(w.id())));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
