package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static String age(long seconds) {
        return Ages.of(NOW.minusSeconds(seconds), NOW);
    }

    @Test
    void roundsDownToTheLargestUnitLikeKubectl() {
        assertThat(age(0)).isEqualTo("0s");
        assertThat(age(5)).isEqualTo("5s");
        assertThat(age(59)).isEqualTo("59s");
        assertThat(age(60)).isEqualTo("1m");
        assertThat(age(3 * 60 + 59)).isEqualTo("3m");
        assertThat(age(2 * 3600 + 1)).isEqualTo("2h");
        assertThat(age(4 * 86400)).isEqualTo("4d");
        assertThat(age(800L * 86400)).isEqualTo("2y");
    }

    @Test
    void unknownAndFutureTimes() {
        assertThat(Ages.of(null, NOW)).isEqualTo("-");
        assertThat(Ages.of(NOW.plusMillis(500), NOW)).isEqualTo("0s");
        assertThat(Ages.of(NOW.plusSeconds(30), NOW)).isEqualTo("<invalid>");
    }
}
