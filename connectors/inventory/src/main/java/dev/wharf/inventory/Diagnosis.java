package dev.wharf.inventory;

import java.time.Duration;
import java.time.Instant;

/**
 * Facet: why an item is failing or waiting, as one sentence for the top of its details
 * ("Container app keeps crashing: exited with code 137 (OOMKilled) 2 minutes ago; restarted 14
 * times, back-off 5m."). The moment is kept apart so that "2 minutes ago" is said when it is read.
 *
 * @param before the sentence up to the moment ("Container app keeps crashing: exited with code 137 (OOMKilled)")
 * @param at     the moment it refers to; null when there is none
 * @param after  the rest of the sentence, from right after the moment, with its final stop
 */
public record Diagnosis(String before, Instant at, String after) {

    public Diagnosis {
        before = before == null ? "" : before;
        after = after == null ? "" : after;
    }

    /** A sentence without a moment. */
    public static Diagnosis of(String sentence) {
        return new Diagnosis(sentence, null, "");
    }

    /** The sentence as of {@code now}. */
    public String sentence(Instant now) {
        return at == null ? before + after : before + " " + ago(at, now) + after;
    }

    /** "just now", "1 minute ago", "14 minutes ago", "3 hours ago", "2 days ago". */
    public static String ago(Instant at, Instant now) {
        long s = Math.max(0, Duration.between(at, now).getSeconds());
        if (s < 60) {
            return s < 10 ? "just now" : s + " seconds ago";
        }
        long m = s / 60;
        if (m < 60) {
            return m == 1 ? "1 minute ago" : m + " minutes ago";
        }
        long h = m / 60;
        if (h < 48) {
            return h == 1 ? "1 hour ago" : h + " hours ago";
        }
        return (h / 24) + " days ago";
    }
}
