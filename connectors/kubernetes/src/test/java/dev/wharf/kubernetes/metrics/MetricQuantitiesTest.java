package dev.wharf.kubernetes.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantities in every form metrics-server and the API server write them. */
class MetricQuantitiesTest {

    @ParameterizedTest(name = "{0} = {1} cores")
    @CsvSource({"1500000n, 0.0015", "37500u, 0.0375", "250m, 0.25", "2, 2", "0, 0", "1.5, 1.5",
        "123456789n, 0.123456789", "3500m, 3.5", "0.5k, 500"})
    void cpu(String quantity, double cores) {
        assertThat(MetricQuantities.cores(quantity)).isCloseTo(cores, within(1e-12));
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"123456Ki, 126418944", "1Gi, 1073741824", "1.5Gi, 1610612736", "512Mi, 536870912",
        "1048576, 1048576", "2Ti, 2199023255552", "1M, 1000000", "1G, 1000000000", "64k, 64000",
        "1e6, 1000000", "1E, 1000000000000000000", "129M, 129000000"})
    void memory(String quantity, long bytes) {
        assertThat(MetricQuantities.bytes(quantity)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"15s, 15000", "10.037s, 10037", "1m30s, 90000", "500ms, 500", "1h0m0.5s, 3600500", "0, 0"})
    void windows(String go, long millis) {
        assertThat(GoDurations.parse(go)).isEqualTo(java.time.Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "s", "1x", "1..2s"})
    void windowsNoServerWritesAreUnknown(String go) {
        assertThat(GoDurations.parse(go)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Ki", "12Qi", "abc", "1.2.3", "m", "1e3m"})
    void refusesWhatNoServerWrites(String quantity) {
        assertThatThrownBy(() -> MetricQuantities.value(quantity)).isInstanceOf(IllegalArgumentException.class);
    }
}
