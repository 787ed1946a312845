package dev.wharf.views.metrics;

import dev.wharf.inventory.Usage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The last 15 minutes of every item's usage in a few primitive arrays (no object per sample):
 * time is cut into {@link #SLOT_SECONDS}-second slots, each item owns a row of {@link #SLOTS} floats
 * per {@link Metric}, written at {@code slot % SLOTS}; a later sample in the same slot replaces the
 * earlier one, a slot without a sample (or with an unknown figure) holds NaN. 10,000 items take
 * 6 × 90 × 4 B = 2,160 B each, about 21.6 MB. Not thread-safe: one thread (the usage model's) owns it.
 */
public final class UsageHistory {
    /** One slot's length: libvirt polls every 3 s, metrics-server every 15 s. */
    public static final int SLOT_SECONDS = 10;
    /** 15 minutes of slots. */
    public static final int SLOTS = 15 * 60 / SLOT_SECONDS;
    private static final Metric[] METRICS = Metric.values();

    private final Map<String, Integer> rows = new HashMap<>();
    private float[][] data = new float[METRICS.length][];
    private long[] lastSlot;
    private int[] free = new int[16];
    private int freeCount;
    private int capacity;
    private int used;

    public UsageHistory() {
        this(64);
    }

    public UsageHistory(int initialRows) {
        capacity = Math.max(1, initialRows);
        for (int m = 0; m < METRICS.length; m++) {
            data[m] = new float[capacity * SLOTS];
        }
        lastSlot = new long[capacity];
    }

    /** The slot an instant (epoch seconds) falls into. */
    public static long slotOf(long epochSecond) {
        return Math.floorDiv(epochSecond, SLOT_SECONDS);
    }

    /** Records one sample of {@code u} at {@code epochSecond}. A sample older than the history is ignored. */
    public void record(Usage u, long epochSecond) {
        long slot = slotOf(epochSecond);
        Integer r = rows.get(u.itemId());
        int row;
        if (r == null) {
            row = allocate();
            rows.put(u.itemId(), row);
            lastSlot[row] = slot;
            clear(row);
        } else {
            row = r;
            long last = lastSlot[row];
            if (slot <= last - SLOTS) {
                return;
            }
            if (slot > last) {
                // the slots skipped since the last sample hold nothing
                long gap = Math.min(slot - last - 1, SLOTS);
                for (long s = last + 1; s <= last + gap; s++) {
                    put(row, s, Float.NaN);
                }
                lastSlot[row] = slot;
            }
        }
        int at = row * SLOTS + (int) Math.floorMod(slot, (long) SLOTS);
        for (int m = 0; m < METRICS.length; m++) {
            data[m][at] = METRICS[m].of(u);
        }
    }

    private void put(int row, long slot, float v) {
        int at = row * SLOTS + (int) Math.floorMod(slot, (long) SLOTS);
        for (int m = 0; m < METRICS.length; m++) {
            data[m][at] = v;
        }
    }

    private void clear(int row) {
        for (int m = 0; m < METRICS.length; m++) {
            Arrays.fill(data[m], row * SLOTS, (row + 1) * SLOTS, Float.NaN);
        }
    }

    /**
     * The item's figures of one metric for the {@link #SLOTS} slots ending with {@code endSlot}, oldest
     * first (NaN where nothing is known); null when the item has no history.
     */
    public float[] series(String itemId, Metric metric, long endSlot) {
        Integer r = rows.get(itemId);
        if (r == null) {
            return null;
        }
        float[] out = new float[SLOTS];
        long last = lastSlot[r];
        float[] d = data[metric.ordinal()];
        for (int k = 0; k < SLOTS; k++) {
            long slot = endSlot - SLOTS + 1 + k;
            out[k] = slot > last || slot <= last - SLOTS ? Float.NaN : d[r * SLOTS + (int) Math.floorMod(slot, (long) SLOTS)];
        }
        return out;
    }

    /** Whether the item has a history. */
    public boolean contains(String itemId) {
        return rows.containsKey(itemId);
    }

    /** Items with a history. */
    public int size() {
        return rows.size();
    }

    /** Drops the histories whose newest sample is older than the 15 minutes ending at {@code nowSlot}. */
    public int expire(long nowSlot) {
        int n = 0;
        for (Iterator<Map.Entry<String, Integer>> it = rows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            if (lastSlot[e.getValue()] <= nowSlot - SLOTS) {
                release(e.getValue());
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Forgets one item. */
    public void remove(String itemId) {
        Integer r = rows.remove(itemId);
        if (r != null) {
            release(r);
        }
    }

    /** Bytes held by the arrays (what 15 minutes of history costs). */
    public long arrayBytes() {
        return (long) METRICS.length * capacity * SLOTS * Float.BYTES + (long) capacity * Long.BYTES
                + (long) free.length * Integer.BYTES;
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (used == capacity) {
            int grown = capacity + Math.max(16, capacity / 2);
            for (int m = 0; m < METRICS.length; m++) {
                data[m] = Arrays.copyOf(data[m], grown * SLOTS);
            }
            lastSlot = Arrays.copyOf(lastSlot, grown);
            capacity = grown;
        }
        return used++;
    }

    private void release(int row) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = row;
    }
}
