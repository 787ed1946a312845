package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-01T10:00:00Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:01Z",
            "2026-11-01T10:00:00.123456Z", "2026-11-01T10:00:00+02:00"})
    void timestampsParseLikeTheJdk(String s) {
        Instant expected = java.time.OffsetDateTime.parse(s).toInstant();
        assertThat(Fields.instant(s)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T10:00:00Z", "2026-02-30T10:00:00Z"})
    void badTimestampsAreNull(String s) {
        assertThat(Fields.instant(s)).isNull();
    }
}
