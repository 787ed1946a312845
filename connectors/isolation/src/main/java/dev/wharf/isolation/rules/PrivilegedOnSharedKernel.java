package dev.wharf.isolation.rules;

import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** 1. A privileged container-isolated pod on a node whose kernel another tenant shares. */
public final class PrivilegedOnSharedKernel implements Rule {
    @Override public String id() { return "privileged-on-shared-kernel"; }
    @Override public Severity severity() { return Severity.CRITICAL; }
    @Override public String why() {
        return "A privileged container holds every capability and the node's devices: it can take over the node "
                + "and every container on its kernel.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        if (scope.nodeId() == null) {
            return;
        }
        List<String> tenants = scope.nodeKernelTenants();
        for (Workload w : scope.onNodeKernel()) {
            if (!w.security().privileged()) {
                continue;
            }
            List<String> others = new ArrayList<>(tenants);
            others.remove(w.tenant());
            if (others.isEmpty()) {
                continue;
            }
            TreeSet<String> concerned = new TreeSet<>(others);
            concerned.addAll(w.tenants());
            out.accept(finding(scope, List.of(w.id()), List.copyOf(concerned),
                    w.label() + " (" + w.owner() + ") runs privileged (" + String.join(", ", w.security().privilegedContainers())
                            + ") on the kernel of node " + scope.nodeName() + ", which " + Texts.tenants(others)
                            + (others.size() == 1 ? " shares" : " share") + ": it can take over the node and "
                            + (others.size() == 1 ? "its" : "their") + " containers."));
        }
    }
}
