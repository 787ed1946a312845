package dev.wharf.views.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Usage;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The ring buffer: slots, wrap-around, gaps, min/max, expiry, its size. */
class UsageHistoryTest {
    private static final long T0 = 1_700_000_000L; // a multiple of 10 s
    private static final int S = UsageHistory.SLOT_SECONDS;

    private static Usage cpu(String id, double cores) {
        return FakeUsageSource.usage(id, Instant.ofEpochSecond(T0), cores, null, 1000L, null);
    }

    @Test
    void wrapsAroundKeepingTheLast15MinutesInOrder() {
        UsageHistory h = new UsageHistory(2);
        int n = UsageHistory.SLOTS + 25; // more samples than slots: the oldest 25 are overwritten
        for (int k = 0; k < n; k++) {
            h.record(cpu("a", k), T0 + (long) k * S);
        }
        long end = UsageHistory.slotOf(T0 + (long) (n - 1) * S);
        float[] s = h.series("a", Metric.CPU, end);
        assertThat(s).hasSize(UsageHistory.SLOTS);
        assertThat(s[0]).as("oldest kept").isEqualTo(25f);
        assertThat(s[UsageHistory.SLOTS - 1]).as("newest").isEqualTo(n - 1f);
        for (int k = 1; k < s.length; k++) {
            assertThat(s[k]).isEqualTo(s[k - 1] + 1);
        }
        UsageSeries series = new UsageSeries("a", end, new float[][] {s});
        assertThat(series.min(Metric.CPU)).isEqualTo(25f);
        assertThat(series.max(Metric.CPU)).isEqualTo(n - 1f);
        assertThat(series.startOf(UsageHistory.SLOTS - 1)).isEqualTo(T0 + (long) (n - 1) * S);
    }

    @Test
    void aSilentStretchIsAGapNotTheOldFiguresAndUnknownIsNotZero() {
        UsageHistory h = new UsageHistory();
        h.record(cpu("a", 2), T0);
        h.record(FakeUsageSource.usage("a", null, null, null, 5L, null), T0 + S); // CPU not known
        h.record(cpu("a", 3), T0 + 5L * S); // nothing for three slots
        // the same slot again: the later sample wins
        h.record(cpu("a", 4), T0 + 5L * S + 3);
        float[] s = h.series("a", Metric.CPU, UsageHistory.slotOf(T0 + 5L * S));
        int last = UsageHistory.SLOTS - 1;
        assertThat(s[last]).isEqualTo(4f);
        assertThat(s[last - 1]).isNaN();
        assertThat(s[last - 3]).isNaN();
        assertThat(s[last - 4]).as("unknown CPU is NaN, never 0").isNaN();
        assertThat(s[last - 5]).isEqualTo(2f);
        assertThat(h.series("a", Metric.MEMORY, UsageHistory.slotOf(T0 + 5L * S))[last - 4]).isEqualTo(5f);
        assertThat(h.series("a", Metric.DISK_READ, UsageHistory.slotOf(T0 + 5L * S))).containsOnly(Float.NaN);

        // a wrap after a long silence leaves nothing of the old samples
        h.record(cpu("a", 9), T0 + 5L * S + (UsageHistory.SLOTS + 7L) * S);
        float[] later = h.series("a", Metric.CPU, UsageHistory.slotOf(T0 + 5L * S + (UsageHistory.SLOTS + 7L) * S));
        assertThat(later[last]).isEqualTo(9f);
        assertThat(java.util.Arrays.copyOf(later, last)).containsOnly(Float.NaN);
    }

    @Test
    void expiresWhatWasNotMeasuredFor15MinutesAndReusesItsRow() {
        UsageHistory h = new UsageHistory(2);
        h.record(cpu("old", 1), T0);
        h.record(cpu("new", 1), T0 + 100L * S);
        assertThat(h.expire(UsageHistory.slotOf(T0 + 100L * S))).isEqualTo(1);
        assertThat(h.contains("old")).isFalse();
        assertThat(h.series("old", Metric.CPU, 0)).isNull();
        long before = h.arrayBytes();
        h.record(cpu("third", 7), T0 + 100L * S);
        assertThat(h.arrayBytes()).as("the freed row is reused").isEqualTo(before);
        assertThat(h.series("third", Metric.CPU, UsageHistory.slotOf(T0 + 100L * S))[UsageHistory.SLOTS - 1]).isEqualTo(7f);
        assertThat(h.series("third", Metric.CPU, UsageHistory.slotOf(T0 + 100L * S))[UsageHistory.SLOTS - 2])
                .as("nothing of the row's former owner").isNaN();
    }

    @Test
    void tenThousandItemsFitIn40Megabytes() {
        UsageHistory h = new UsageHistory();
        for (int i = 0; i < 10_000; i++) {
            h.record(cpu("i" + i, 1), T0);
        }
        assertThat(h.size()).isEqualTo(10_000);
        assertThat(h.arrayBytes()).isLessThan(40L * 1024 * 1024);
    }

    @Test
    void formatsAsKubectlTop() {
        assertThat(UsageFormat.cpu(0.25)).isEqualTo("250m");
        assertThat(UsageFormat.cpu(1.5)).isEqualTo("1500m");
        assertThat(UsageFormat.cpu(null)).isEqualTo("n/a");
        assertThat(UsageFormat.memory(1288490189L)).isEqualTo("1.2Gi");
        assertThat(UsageFormat.memory(123L * 1024 * 1024)).isEqualTo("123Mi");
        assertThat(UsageFormat.memory(2L * 1024 * 1024 * 1024)).isEqualTo("2Gi");
        assertThat(UsageFormat.memory((Long) null)).isEqualTo("n/a");
        assertThat(UsageFormat.percent(12.4)).isEqualTo(" (12%)");
        assertThat(UsageFormat.percent(null)).isEmpty();
    }
}
