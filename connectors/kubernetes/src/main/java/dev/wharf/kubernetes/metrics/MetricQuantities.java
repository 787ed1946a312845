package dev.wharf.kubernetes.metrics;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Kubernetes quantities as metrics-server writes them, to numbers: CPU in {@code n}, {@code u},
 * {@code m} or whole cores ({@code 1500000n}, {@code 37500u}, {@code 250m}, {@code 2}), memory in
 * {@code Ki}, {@code Mi}, {@code Gi} … or plain bytes; also decimal suffixes ({@code k}, {@code M},
 * {@code G} …) and exponents ({@code 1e3}). Pure.
 */
public final class MetricQuantities {
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private MetricQuantities() {
    }

    /** The quantity's value ({@code 250m} → 0.25, {@code 1Ki} → 1024); throws {@link IllegalArgumentException} for what no API server writes. */
    public static BigDecimal value(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            throw new IllegalArgumentException("empty quantity");
        }
        String s = quantity.trim();
        int end = s.length();
        while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
            end--;
        }
        String number = s.substring(0, end);
        String suffix = s.substring(end);
        // an exponent: 1e3, 1.5E-3 (a lone trailing E is the suffix exa)
        int exp = indexOfExponent(s);
        if (exp > 0) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a quantity: " + quantity, e);
            }
        }
        BigDecimal unit = SUFFIX.get(suffix);
        if (unit == null || number.isEmpty()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        try {
            return new BigDecimal(number).multiply(unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a quantity: " + quantity, e);
        }
    }

    /** CPU in cores: {@code 1500000n} → 0.0015, {@code 250m} → 0.25, {@code 2} → 2.0. */
    public static double cores(String quantity) {
        return value(quantity).doubleValue();
    }

    /** Memory in bytes: {@code 123456Ki} → 126418944, {@code 1Gi} → 1073741824 (fractions of a byte rounded up). */
    public static long bytes(String quantity) {
        return value(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** Index of an exponent marker ({@code 1e3}, {@code 2E-2}) in a quantity, or -1. */
    private static int indexOfExponent(String s) {
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if ((c == 'e' || c == 'E') && Character.isDigit(s.charAt(i - 1))) {
                char n = s.charAt(i + 1);
                if (Character.isDigit(n) || n == '-' || n == '+') {
                    return i;
                }
            }
        }
        return -1;
    }
}
