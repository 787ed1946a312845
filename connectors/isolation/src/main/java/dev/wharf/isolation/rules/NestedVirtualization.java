package dev.wharf.isolation.rules;

import dev.wharf.inventory.NodePlacement;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** 11. microVMs or KubeVirt VMs on a node that is itself a VM. */
public final class NestedVirtualization implements Rule {
    @Override public String id() { return "nested-virtualization"; }
    @Override public Severity severity() { return Severity.INFO; }
    @Override public String why() {
        return "A VM inside a VM needs nested virtualization: slower, and the outer hypervisor becomes part of "
                + "every guest's boundary.";
    }
    @Override public String reference() {
        return "https://docs.kernel.org/virt/kvm/x86/running-nested-guests.html";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        NodePlacement placement = scope.placement();
        if (scope.nodeId() == null || placement.placement() != NodePlacement.Placement.VM) {
            return;
        }
        List<String> items = new ArrayList<>();
        TreeSet<String> tenants = new TreeSet<>();
        for (Workload w : scope.workloads()) {
            if (w.kata() || w.item().kind() == dev.wharf.inventory.Kind.VM) {
                items.add(w.id());
                tenants.addAll(w.tenants());
            }
        }
        if (!items.isEmpty()) {
            out.accept(finding(scope, items, List.copyOf(tenants), Texts.plural(items.size(), "microVM or VM runs",
                    "microVMs and VMs run") + " nested on node " + scope.nodeName() + ", itself a VM ("
                    + placement.evidence() + ")."));
        }
    }
}
