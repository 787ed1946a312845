package dev.wharf.isolation.rules;

import dev.wharf.inventory.PodSecurity.HostPathVolume;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.HostPaths;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 2. A hostPath of the node's root, configuration, kernel interfaces, kubelet or runtime socket, on any runtime. */
public final class SensitiveHostPath implements Rule {
    @Override public String id() { return "sensitive-host-path"; }
    @Override public Severity severity() { return Severity.CRITICAL; }
    @Override public String why() {
        return "These host paths hold the node's credentials, processes and container runtime; Kata shares host paths "
                + "into its guest, so no runtime protects them.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            if (w.security().hostPaths().isEmpty()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            boolean writable = false;
            for (HostPathVolume v : w.security().hostPaths()) {
                String what = HostPaths.sensitive(v.path());
                if (what != null) {
                    paths.add(v.path() + (v.readOnly() ? " (read-only)" : " (writable)"));
                    writable |= !v.readOnly();
                }
            }
            if (!paths.isEmpty()) {
                out.accept(finding(writable ? Severity.CRITICAL : Severity.HIGH, scope, List.of(w.id()), w.tenants(),
                        w.label() + " (" + w.owner() + ") mounts node " + scope.nodeName() + "'s "
                                + Texts.and(paths) + (w.boundary().ownKernel() ? ", through its " + w.boundary().wire() : "") + "."));
            }
        }
    }
}
