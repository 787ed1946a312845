package dev.wharf.inventory;

import java.util.Locale;

/** The connection status of a source. */
public enum SourceStatus {
    /** Not yet listed. */
    CONNECTING,
    /** Everything listed and watched. */
    CONNECTED,
    /** Connected, but some kinds cannot be seen (the message says which). */
    PARTIAL,
    /** Not reachable; its items are kept and marked stale. */
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
