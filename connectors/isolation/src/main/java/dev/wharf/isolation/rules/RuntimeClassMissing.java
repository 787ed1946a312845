package dev.wharf.isolation.rules;

import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.List;
import java.util.function.Consumer;

/** 8. A pod names a RuntimeClass that does not exist. */
public final class RuntimeClassMissing implements Rule {
    @Override public String id() { return "runtimeclass-missing"; }
    @Override public Severity severity() { return Severity.MEDIUM; }
    @Override public String why() {
        return "Without its RuntimeClass nobody can tell which isolation the pod was meant to have, and new pods "
                + "naming it are rejected.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/containers/runtime-class/";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            RuntimeClassFacts rc = w.runtimeClass().orElse(null);
            if (rc != null && rc.status() == RuntimeClassFacts.Status.MISSING) {
                out.accept(finding(scope, List.of(w.id()), w.tenants(), w.label() + " (" + w.owner()
                        + ") names RuntimeClass " + rc.name() + ", which does not exist: its isolation is unknown."));
            }
        }
    }
}
