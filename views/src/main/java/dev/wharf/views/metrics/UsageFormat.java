package dev.wharf.views.metrics;

import java.util.Locale;

/** Usage figures as {@code kubectl top} writes them ({@code 250m}, {@code 1.2Gi}), rates, percentages. Pure. */
public final class UsageFormat {
    public static final String NA = "n/a";

    private UsageFormat() {
    }

    /** Cores in millicores: 0.25 → "250m", 1.5 → "1500m"; null → "n/a". */
    public static String cpu(Double cores) {
        if (cores == null || cores.isNaN()) {
            return NA;
        }
        return Math.round(cores * 1000) + "m";
    }

    /** Bytes with a binary suffix: "1.2Gi", "123Mi", "12Ki", "512"; null → "n/a". */
    public static String memory(Long bytes) {
        return bytes == null ? NA : memory(bytes.doubleValue());
    }

    public static String memory(double bytes) {
        if (Double.isNaN(bytes)) {
            return NA;
        }
        String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
        double v = bytes;
        String unit = "";
        for (int k = 0; k < units.length && Math.abs(v) >= 1024; k++) {
            v /= 1024;
            unit = units[k];
        }
        if (unit.isEmpty()) {
            return Math.round(v) + "";
        }
        return (v < 10 && Math.round(v * 10) % 10 != 0 ? String.format(Locale.ROOT, "%.1f", v) : Math.round(v) + "") + unit;
    }

    /** A rate in bytes per second: "1.2Mi/s"; null → "n/a". */
    public static String rate(double bps) {
        return Double.isNaN(bps) ? NA : memory(bps) + "/s";
    }

    /** " (12%)", or "" when not known. */
    public static String percent(Double p) {
        if (p == null || p.isNaN()) {
            return "";
        }
        return " (" + (p < 1 && p > 0 ? "<1" : Math.round(p) + "") + "%)";
    }

    /** How a figure of a metric reads: cores as millicores, memory in bytes, the rest as rates. */
    public static String of(Metric m, double v) {
        if (Double.isNaN(v)) {
            return NA;
        }
        return switch (m) {
            case CPU -> cpu(v);
            case MEMORY -> memory(v);
            default -> rate(v);
        };
    }
}
