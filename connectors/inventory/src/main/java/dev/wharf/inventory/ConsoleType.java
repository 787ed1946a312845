package dev.wharf.inventory;

import java.util.Locale;

/** The kinds of live console an item can offer. */
public enum ConsoleType {
    /** A guest serial console: libvirt console stream or the KubeVirt VMI console. */
    SERIAL,
    /** A shell started in a container (pod exec). */
    EXEC,
    /** The main process of a container (pod attach). */
    ATTACH;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsoleType fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
