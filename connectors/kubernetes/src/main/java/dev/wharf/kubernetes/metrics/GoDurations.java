package dev.wharf.kubernetes.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's duration strings as the API writes them ({@code 15s}, {@code 10.037s}, {@code 1m30s}, {@code 500ms}). Pure. */
public final class GoDurations {
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDurations() {
    }

    /** The duration; null when {@code s} is null, empty or not a Go duration. */
    public static Duration parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                i++;
            }
            Long unit = NANOS.get(t.substring(unitStart, i));
            if (unitStart == start || unit == null) {
                return null;
            }
            try {
                total = total.add(new BigDecimal(t.substring(start, unitStart)).multiply(BigDecimal.valueOf(unit)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Duration d = Duration.ofNanos(total.longValue());
        return negative ? d.negated() : d;
    }
}
