package dev.wharf.isolation.rules;

import dev.wharf.inventory.PodSecurity;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 10. A container port bound on the node's address. */
public final class HostPort implements Rule {
    @Override public String id() { return "host-port"; }
    @Override public Severity severity() { return Severity.LOW; }
    @Override public String why() {
        return "A hostPort opens the node's own address to the pod, around network policies that select pods.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            if (w.security().hostPorts().isEmpty()) {
                continue;
            }
            List<String> ports = new ArrayList<>();
            for (PodSecurity.HostPort p : w.security().hostPorts()) {
                ports.add(p.port() + "/" + p.protocol());
            }
            if (!ports.isEmpty()) {
                out.accept(finding(scope, List.of(w.id()), w.tenants(), w.label() + " (" + w.owner() + ") binds "
                        + (ports.size() == 1 ? "port " : "ports ") + Texts.and(ports) + " on "
                        + (scope.nodeId() == null ? "its node" : "node " + scope.nodeName()) + "'s address."));
            }
        }
    }
}
