package dev.wharf.inventory;

import java.util.Locale;

/** The kinds of live console an item can offer. */
public enum ConsoleType {
    /** A guest serial console: libvirt console stream or the KubeVirt VMI console. */
    SERIAL,
    /** A shell started in a container (pod exec). */
    EXEC,
    /** The main process of a container (pod attach). */
    ATTACH,
    /**
     * A graphical console: the stream carries raw RFB (VNC) bytes both ways, from the VMI's
     * {@code vnc} subresource or a libvirt domain's VNC display. Not a terminal.
     */
    VNC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsoleType fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
