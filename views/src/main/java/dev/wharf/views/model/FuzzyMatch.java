package dev.wharf.views.model;

import java.util.Locale;

/** Fuzzy matching for the command palette: the query's characters in order, contiguous runs and word starts score higher. */
public final class FuzzyMatch {
    private FuzzyMatch() {
    }

    /** A score (higher is better), or -1 if {@code text} does not contain the query's characters in order. */
    public static int score(String query, String text) {
        String q = query.toLowerCase(Locale.ROOT).replace(" ", "");
        String t = text.toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return 0;
        }
        int score = 0;
        int ti = 0;
        int run = 0;
        for (int qi = 0; qi < q.length(); qi++) {
            char c = q.charAt(qi);
            int found = t.indexOf(c, ti);
            if (found < 0) {
                return -1;
            }
            run = found == ti ? run + 1 : 1;
            score += 1 + run * 2;
            if (found == 0 || !Character.isLetterOrDigit(t.charAt(found - 1))) {
                score += 5;
            }
            ti = found + 1;
        }
        return score * 100 / (10 + t.length());
    }
}
