package dev.wharf.isolation.rules;

import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 6. More than one tenant has container workloads on one node kernel. */
public final class TenantsShareKernel implements Rule {
    @Override public String id() { return "tenants-share-kernel"; }
    @Override public Severity severity() { return Severity.HIGH; }
    @Override public String why() {
        return "Containers share the node's kernel: one kernel exploit from one tenant reaches the others; "
                + "run untrusted tenants in sandboxes or microVMs, or on nodes of their own.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/security/multi-tenancy/#sandboxing-containers";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        if (scope.nodeId() == null) {
            return;
        }
        List<String> tenants = scope.nodeKernelTenants();
        if (tenants.size() < 2) {
            return;
        }
        List<String> items = new ArrayList<>();
        for (Workload w : scope.onNodeKernel()) {
            if (w.tenant() != null) {
                items.add(w.id());
            }
        }
        out.accept(finding(scope, items, tenants, "Tenants " + Texts.and(tenants) + " share the kernel of node "
                + scope.nodeName() + ": " + Texts.plural(items.size(), "container workload", "container workloads")
                + " of theirs run on it with no sandbox between them."));
    }
}
