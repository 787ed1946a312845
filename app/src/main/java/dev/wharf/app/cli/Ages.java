package dev.wharf.app.cli;

import java.time.Duration;
import java.time.Instant;

/** Ages the way kubectl prints them: {@code 5s}, {@code 3m}, {@code 2h}, {@code 4d}, {@code 2y}. */
public final class Ages {
    private Ages() {
    }

    /** The age of something created at {@code created}, seen at {@code now}; {@code -} when unknown. */
    public static String of(Instant created, Instant now) {
        if (created == null) {
            return "-";
        }
        long s = Duration.between(created, now).getSeconds();
        if (s < -1) {
            return "<invalid>";
        }
        if (s < 0) {
            return "0s";
        }
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h";
        }
        long d = h / 24;
        if (d < 365) {
            return d + "d";
        }
        return (d / 365) + "y";
    }
}
