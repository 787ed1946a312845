package dev.wharf.inventory;

import java.util.Locale;

/** The normalized state of an item; the raw status stays on {@link Item#status()}. */
public enum State {
    RUNNING, PAUSED, STOPPED, PENDING, STARTING, STOPPING, MIGRATING, SUCCEEDED, FAILED, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static State fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
