package dev.wharf.isolation.rules;

import dev.wharf.isolation.Finding;
import dev.wharf.isolation.NodeScope;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Severity;
import dev.wharf.isolation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** 5. Added SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, BPF or ALL. */
public final class DangerousCapability implements Rule {
    static final Set<String> DANGEROUS = Set.of("SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "BPF", "ALL");

    @Override public String id() { return "dangerous-capability"; }
    @Override public Severity severity() { return Severity.HIGH; }
    @Override public String why() {
        return "These capabilities mount file systems, load kernel modules and BPF programs, trace processes or "
                + "reconfigure the network: each is a known way out of a container.";
    }
    @Override public String reference() {
        return "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline";
    }

    @Override
    public void check(NodeScope scope, Consumer<Finding> out) {
        for (Workload w : scope.workloads()) {
            if (w.security().containers().stream().allMatch(c -> c.addedCapabilities().isEmpty())) {
                continue;
            }
            List<String> found = new ArrayList<>();
            for (String c : w.security().addedCapabilities()) {
                String n = c.trim().toUpperCase(Locale.ROOT);
                n = n.startsWith("CAP_") ? n.substring(4) : n;
                if (DANGEROUS.contains(n) && !found.contains(n)) {
                    found.add(n);
                }
            }
            if (!found.isEmpty()) {
                out.accept(finding(scope, List.of(w.id()), w.tenants(), w.label() + " (" + w.owner() + ") adds "
                        + Texts.and(found) + " on node " + scope.nodeName() + "."));
            }
        }
    }
}
