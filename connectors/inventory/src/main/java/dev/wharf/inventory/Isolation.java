package dev.wharf.inventory;

import java.util.Locale;

/** How strongly a workload is isolated from its host. */
public enum Isolation {
    /** Shares the host kernel (runc, crun). */
    CONTAINER,
    /** gVisor: a user-space kernel between the workload and the host. */
    SANDBOX,
    /** A hardware-virtualised lightweight VM (Kata, Firecracker, Cloud Hypervisor). */
    MICROVM,
    /** A full virtual machine. */
    VM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Isolation fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
