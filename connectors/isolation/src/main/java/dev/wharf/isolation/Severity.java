package dev.wharf.isolation;

import java.util.Locale;

/** How bad a finding is, worst first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** True if this is as bad as {@code threshold} or worse. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /** The worse of the two; null counts as nothing. */
    public static Severity worst(Severity a, Severity b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }
}
