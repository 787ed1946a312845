package dev.wharf.inventory;

import java.util.Locale;

/** What an inventory item is, in the user's words. */
public enum Kind {
    /** A libvirt hypervisor host. */
    HOST,
    /** A Kubernetes node. */
    NODE,
    /** A pod of ordinary containers. */
    POD,
    /** A KubeVirt VM or a libvirt domain. */
    VM,
    /** A pod sandboxed by Kata, Firecracker or gVisor, or a Cloud Hypervisor domain. */
    MICROVM;

    /** The lower-case name used on the command line and in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
