package dev.wharf.isolation;

import dev.wharf.isolation.rules.DangerousCapability;
import dev.wharf.isolation.rules.HostNamespace;
import dev.wharf.isolation.rules.HostPort;
import dev.wharf.isolation.rules.NestedVirtualization;
import dev.wharf.isolation.rules.PrivilegedOnSharedKernel;
import dev.wharf.isolation.rules.PrivilegedSandbox;
import dev.wharf.isolation.rules.RuntimeClassMissing;
import dev.wharf.isolation.rules.SandboxWithoutOverhead;
import dev.wharf.isolation.rules.SensitiveHostPath;
import dev.wharf.isolation.rules.TenantsShareKernel;
import dev.wharf.isolation.rules.VmHostDisk;
import java.util.List;
import java.util.Optional;

/** The one list of rules: adding a rule is one class and one line here. */
public final class Rules {
    public static final List<Rule> ALL = List.of(
            new PrivilegedOnSharedKernel(),
            new SensitiveHostPath(),
            new PrivilegedSandbox(),
            new HostNamespace(),
            new DangerousCapability(),
            new TenantsShareKernel(),
            new VmHostDisk(),
            new RuntimeClassMissing(),
            new SandboxWithoutOverhead(),
            new HostPort(),
            new NestedVirtualization());

    private Rules() {
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
