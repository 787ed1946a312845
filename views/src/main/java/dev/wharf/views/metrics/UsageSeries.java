package dev.wharf.views.metrics;

/**
 * A copy of one item's last 15 minutes, for the details pane's sparklines: per {@link Metric}
 * {@link UsageHistory#SLOTS} figures, oldest first, NaN where nothing is known.
 *
 * @param endSlot the newest slot ({@link UsageHistory#slotOf}); slot k covers
 *                {@code (endSlot - SLOTS + 1 + k) × SLOT_SECONDS}
 */
public record UsageSeries(String itemId, long endSlot, float[][] values) {

    public float[] of(Metric m) {
        return values[m.ordinal()];
    }

    /** The least known figure, NaN when none is known. */
    public float min(Metric m) {
        float best = Float.NaN;
        for (float v : of(m)) {
            if (!Float.isNaN(v) && (Float.isNaN(best) || v < best)) {
                best = v;
            }
        }
        return best;
    }

    /** The greatest known figure, NaN when none is known. */
    public float max(Metric m) {
        float best = Float.NaN;
        for (float v : of(m)) {
            if (!Float.isNaN(v) && (Float.isNaN(best) || v > best)) {
                best = v;
            }
        }
        return best;
    }

    /** Whether any figure of the metric is known. */
    public boolean known(Metric m) {
        return !Float.isNaN(max(m));
    }

    /** Epoch second at which slot {@code k} (0 = oldest) starts. */
    public long startOf(int k) {
        return (endSlot - UsageHistory.SLOTS + 1 + k) * UsageHistory.SLOT_SECONDS;
    }
}
