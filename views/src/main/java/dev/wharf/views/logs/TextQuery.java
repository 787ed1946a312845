package dev.wharf.views.logs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the user searches or filters for: a regular expression, or a literal matched ignoring
 * case with a plain scan (several times faster than a case-insensitive {@link Pattern} over
 * hundreds of thousands of lines). {@link #pattern()} is the same query for highlighting.
 */
record TextQuery(Pattern pattern, String literal) {

    static TextQuery literal(String text) {
        return new TextQuery(Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE),
                text.toLowerCase(Locale.ROOT));
    }

    static TextQuery regex(Pattern p) {
        return new TextQuery(p, null);
    }

    boolean find(String s) {
        if (literal == null) {
            return pattern.matcher(s).find();
        }
        int m = literal.length();
        if (m == 0) {
            return true;
        }
        char lower = literal.charAt(0);
        char upper = Character.toUpperCase(lower);
        for (int i = 0, last = s.length() - m; i <= last; i++) {
            char c = s.charAt(i);
            if ((c == lower || c == upper) && s.regionMatches(true, i, literal, 0, m)) {
                return true;
            }
        }
        return false;
    }
}
