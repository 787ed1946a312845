package dev.wharf.isolation.rules;

import dev.wharf.inventory.VmHostDisks;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 7. A KubeVirt VM with a hostDisk volume. */
public final class VmHostDisk implements Rule {
    @Override public String id() { return "vm-host-disk"; }
    @Override public Severity severity() { return Severity.MEDIUM; }
    @Override public String why() {
        return "A hostDisk is a file on the node's file system: the VM's storage leaves the VM boundary and pins it to the node.";
    }
    @Override public String reference() {
        return "https://kubevirt.io/user-guide/storage/disks_and_volumes/#hostdisk";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            VmHostDisks disks = w.hostDisks().orElse(null);
            if (disks == null || disks.disks().isEmpty()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            disks.disks().forEach(d -> paths.add(d.path()));
            out.accept(finding(scope, List.of(w.id()), w.tenants(), w.label() + " (" + w.owner() + ") keeps disk "
                    + Texts.and(paths) + " on " + (scope.nodeId() == null ? "its node" : "node " + scope.nodeName())
                    + "'s file system (hostDisk)."));
        }
    }
}
