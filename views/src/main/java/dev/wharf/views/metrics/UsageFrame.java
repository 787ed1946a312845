package dev.wharf.views.metrics;

import dev.wharf.inventory.Usage;

import java.time.Instant;
import java.util.Map;

/**
 * What the views show of usage after one poll, ready for the FX thread (built on the usage model's
 * thread, never changed afterwards).
 *
 * @param current   each item's newest figures; an item not in the last poll of its source is absent (n/a)
 * @param notes     per source id, the note of its last poll ("metrics unavailable: …"); absent when it measured
 * @param heat      per item, its heat levels packed as {@code cpu × 12 + memory} (each 0..10 = tenths of its
 *                  limit, 11 = not known); see {@link #cpuHeat} and {@link #memoryHeat}
 * @param watched   ids of the sources whose usage is watched (their items without figures show n/a)
 * @param history   the selected item's last 15 minutes, or null
 */
public record UsageFrame(long revision, Instant at, Map<String, Usage> current, Map<String, String> notes,
                         Map<String, Byte> heat, java.util.Set<String> watched, UsageSeries history) {
    /** Heat level meaning "not known". */
    public static final int UNKNOWN = 11;
    public static final UsageFrame EMPTY = new UsageFrame(0, Instant.EPOCH, Map.of(), Map.of(), Map.of(), java.util.Set.of(), null);

    /**
     * Frames are told apart by their revision: a property's change listeners compare the old value
     * with the new one, and a record's own equals would compare two maps of 10,000 usages (1–2 ms of
     * the FX thread per frame).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof UsageFrame f && f.revision == revision;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(revision);
    }

    public Usage usage(String itemId) {
        return current.get(itemId);
    }

    /** The note of a source's last poll, or "" when it measured normally (or never reported). */
    public String note(String sourceId) {
        return notes.getOrDefault(sourceId, "");
    }

    /** 0..10 (tenths of what the item may use), or {@link #UNKNOWN}. */
    public int cpuHeat(String itemId) {
        Byte b = heat.get(itemId);
        return b == null ? UNKNOWN : (b & 0xff) / 12;
    }

    /** 0..10 (tenths of what the item may use), or {@link #UNKNOWN}. */
    public int memoryHeat(String itemId) {
        Byte b = heat.get(itemId);
        return b == null ? UNKNOWN : (b & 0xff) % 12;
    }

    static byte pack(Usage u) {
        return (byte) (level(u.cpuPercent()) * 12 + level(u.memoryPercent()));
    }

    static int level(Double percent) {
        if (percent == null || percent.isNaN()) {
            return UNKNOWN;
        }
        return (int) Math.max(0, Math.min(10, Math.round(percent / 10)));
    }
}
