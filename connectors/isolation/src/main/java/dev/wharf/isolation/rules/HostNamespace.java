package dev.wharf.isolation.rules;

import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 4. hostPID, hostIPC or hostNetwork. */
public final class HostNamespace implements Rule {
    @Override public String id() { return "host-namespace"; }
    @Override public Severity severity() { return Severity.HIGH; }
    @Override public String why() {
        return "Sharing the node's PID, IPC or network namespace lets the pod see the node's processes, reach its "
                + "shared memory or its local-only services.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            if (!w.security().sharesHostNamespace()) {
                continue;
            }
            List<String> shared = new ArrayList<>();
            if (w.security().hostPID()) {
                shared.add("PID");
            }
            if (w.security().hostIPC()) {
                shared.add("IPC");
            }
            if (w.security().hostNetwork()) {
                shared.add("network");
            }
            if (shared.isEmpty()) {
                continue;
            }
            String tail = w.kata() ? ": Kata does not support host namespaces, the pod does not get what it asks and"
                    + " what it does get bypasses the microVM."
                    : w.gvisor() ? ": under gVisor this weakens the sandbox (the pod uses the node's namespace directly)."
                    : ".";
            out.accept(finding(scope, List.of(w.id()), w.tenants(), w.label() + " (" + w.owner() + ") shares node "
                    + scope.nodeName() + "'s " + Texts.and(shared) + " namespace" + (shared.size() > 1 ? "s" : "") + tail));
        }
    }
}
