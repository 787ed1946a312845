package dev.wharf.isolation.rules;

import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/** 9. A sandboxing RuntimeClass without {@code overhead.podFixed}: one finding per class and node. */
public final class SandboxWithoutOverhead implements Rule {
    @Override public String id() { return "sandbox-without-overhead"; }
    @Override public Severity severity() { return Severity.LOW; }
    @Override public String why() {
        return "Without overhead.podFixed the scheduler does not count the sandbox's own memory and CPU: "
                + "the node is overcommitted and the sandboxes get OOM-killed.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-overhead/";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        Map<String, List<Workload>> byClass = new TreeMap<>();
        for (Workload w : scope.workloads()) {
            RuntimeClassFacts rc = w.runtimeClass().orElse(null);
            if (rc != null && rc.status() == RuntimeClassFacts.Status.FOUND && rc.podFixed().isEmpty()
                    && (w.kata() || w.gvisor())) {
                byClass.computeIfAbsent(rc.name() + " (handler " + rc.handler() + ")", k -> new ArrayList<>()).add(w);
            }
        }
        byClass.forEach((rc, ws) -> {
            List<String> items = new ArrayList<>();
            TreeSet<String> tenants = new TreeSet<>();
            ws.forEach(w -> {
                items.add(w.id());
                tenants.addAll(w.tenants());
            });
            out.accept(finding(scope, items, List.copyOf(tenants), "RuntimeClass " + rc + " has no overhead.podFixed: "
                    + Texts.plural(ws.size(), "sandbox", "sandboxes") + " on "
                    + (scope.nodeId() == null ? "no node yet" : "node " + scope.nodeName())
                    + " use more than the scheduler counts."));
        });
    }
}
