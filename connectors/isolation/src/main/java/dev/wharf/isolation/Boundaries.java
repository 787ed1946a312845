package dev.wharf.isolation;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.PodSecurity;
import dev.wharf.inventory.RuntimeClassFacts;
import java.util.Locale;
import java.util.Set;

/** The effective boundary of a workload: its runtime, and what its pod settings undo. Pure. */
public final class Boundaries {
    /** Handlers that run plain containers on the node kernel. */
    static final Set<String> CONTAINER_HANDLERS = Set.of("runc", "crun", "youki", "nvidia", "runhcs-wcow-process");

    private Boundaries() {
    }

    public static Boundary of(Item item, PodSecurity sec) {
        if (item.kind() == Kind.VM) {
            return Boundary.VM;
        }
        RuntimeClassFacts rc = item.facet(RuntimeClassFacts.class).orElse(null);
        if (rc != null && rc.status() == RuntimeClassFacts.Status.MISSING) {
            return Boundary.UNKNOWN;
        }
        Boundary base;
        if (item.isolation() == null) {
            return Boundary.UNKNOWN;
        }
        switch (item.isolation()) {
            case SANDBOX -> base = Boundary.SANDBOX;
            case MICROVM -> base = Boundary.MICROVM;
            case VM -> base = Boundary.VM;
            default -> {
                String h = item.runtime() == null ? "runc" : item.runtime().toLowerCase(Locale.ROOT);
                base = CONTAINER_HANDLERS.contains(h) || rc == null ? Boundary.CONTAINER : Boundary.UNKNOWN;
            }
        }
        if ((base == Boundary.SANDBOX || base == Boundary.MICROVM) && undoes(sec)) {
            return Boundary.WEAKENED;
        }
        return base;
    }

    /** Pod settings that reach through a sandbox or microVM to the node. */
    static boolean undoes(PodSecurity sec) {
        if (sec.privileged() || sec.sharesHostNamespace()) {
            return true;
        }
        for (PodSecurity.HostPathVolume v : sec.hostPaths()) {
            if (HostPaths.sensitive(v.path()) != null) {
                return true;
            }
        }
        return false;
    }
}
