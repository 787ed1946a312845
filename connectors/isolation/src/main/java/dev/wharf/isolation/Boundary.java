package dev.wharf.isolation;

import java.util.Locale;

/** What really stands between a workload and the node's kernel. */
public enum Boundary {
    /** Shares the node kernel. */
    CONTAINER,
    /** gVisor: a user-space kernel between the workload and the node's. */
    SANDBOX,
    /** Kata, Firecracker: a guest kernel in a lightweight VM. */
    MICROVM,
    /** A full virtual machine (KubeVirt). */
    VM,
    /** A sandbox or microVM whose pod settings undo part of it (privileged, host namespaces, host paths). */
    WEAKENED,
    /** A runtime handler Wharf does not know, or a RuntimeClass that does not exist. */
    UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the workload runs on a kernel of its own (a guest or sandbox kernel). */
    public boolean ownKernel() {
        return this == SANDBOX || this == MICROVM || this == VM || this == WEAKENED;
    }
}
