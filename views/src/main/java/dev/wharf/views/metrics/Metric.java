package dev.wharf.views.metrics;

import dev.wharf.inventory.Usage;

/** The figures the history keeps per item, in the units {@link Usage} gives them. */
public enum Metric {
    CPU("cores"), MEMORY("bytes"), DISK_READ("bytes/s"), DISK_WRITE("bytes/s"), NET_RX("bytes/s"), NET_TX("bytes/s");

    private final String unit;

    Metric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }

    /** The figure in {@code u}, or NaN when not known (null is never 0). */
    public float of(Usage u) {
        Number n = switch (this) {
            case CPU -> u.cpuCores();
            case MEMORY -> u.memoryBytes();
            case DISK_READ -> u.diskReadBps();
            case DISK_WRITE -> u.diskWriteBps();
            case NET_RX -> u.netRxBps();
            case NET_TX -> u.netTxBps();
        };
        return n == null ? Float.NaN : n.floatValue();
    }
}
