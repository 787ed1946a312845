package dev.wharf.isolation.rules;

import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.List;
import java.util.function.Consumer;

/** 3. Privileged under Kata or gVisor: the sandbox no longer holds what it was paid for. */
public final class PrivilegedSandbox implements Rule {
    @Override public String id() { return "privileged-sandbox"; }
    @Override public Severity severity() { return Severity.CRITICAL; }
    @Override public String why() {
        return "Privileged under Kata passes the host's devices into the guest unless containerd sets "
                + "privileged_without_host_devices; under gVisor it grants every capability inside the sandbox.";
    }
    @Override public String reference() {
        return "https://github.com/kata-containers/kata-containers/blob/main/docs/how-to/privileged.md";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            if (!w.security().privileged() || !(w.kata() || w.gvisor())) {
                continue;
            }
            String containers = String.join(", ", w.security().privilegedContainers());
            String message = w.kata()
                    ? w.label() + " (" + w.owner() + ") runs privileged (" + containers + ") in its " + w.item().runtime()
                    + " microVM: the node's devices enter the guest unless containerd sets privileged_without_host_devices,"
                    + " which the Kubernetes API cannot show."
                    : w.label() + " (" + w.owner() + ") runs privileged (" + containers + ") in its gVisor sandbox:"
                    + " every capability inside the sandbox, and devices the runsc configuration may pass through.";
            out.accept(finding(scope, List.of(w.id()), w.tenants(), message));
        }
    }
}
