package dev.wharf.inventory;

import java.util.Locale;

/** Where items come from. */
public enum SourceType {
    KUBERNETES, LIBVIRT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
