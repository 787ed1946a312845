package dev.wharf.inventory;

import java.util.Locale;

/**
 * Where a Kubernetes node runs, and the evidence for it (a facet of nodes). Without evidence
 * the placement is unknown, never assumed to be bare metal.
 *
 * @param placement bare metal, a VM, or unknown
 * @param host      id of the host item it runs on as a VM, when Wharf sees that host; else null
 * @param evidence  what says so, in the user's words ("libvirt domain worker-01 on lab-host-1 has
 *                  the node's system UUID"); for unknown, why nothing says so
 */
public record NodePlacement(Placement placement, String host, String evidence) {

    /** Bare metal, a virtual machine, or not known. */
    public enum Placement {
        BARE_METAL, VM, UNKNOWN;

        /** {@code bare-metal}, {@code vm}, {@code unknown}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** For the user: "bare metal", "VM", "placement unknown". */
        public String label() {
            return switch (this) {
                case BARE_METAL -> "bare metal";
                case VM -> "VM";
                case UNKNOWN -> "placement unknown";
            };
        }
    }

    public static NodePlacement unknown(String why) {
        return new NodePlacement(Placement.UNKNOWN, null, why);
    }
}
