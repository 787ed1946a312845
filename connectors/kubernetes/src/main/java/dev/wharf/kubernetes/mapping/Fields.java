package dev.wharf.kubernetes.mapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Null-safe reads from the nested maps of a GenericKubernetesResource. */
final class Fields {
    private Fields() {
    }

    /**
     * Kubernetes timestamps are almost always {@code yyyy-MM-ddTHH:mm:ssZ}; parsing them by hand
     * is ~20× cheaper than {@link Instant#parse}, which matters for 50,000 pods. Null if not that form.
     */
    static Instant rfc3339Utc(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static Object at(Object root, Object... path) {
        Object cur = root;
        for (Object p : path) {
            if (cur instanceof Map<?, ?> m && p instanceof String s) {
                cur = m.get(s);
            } else if (cur instanceof List<?> l && p instanceof Integer i) {
                cur = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }

    static String str(Object root, Object... path) {
        Object v = at(root, path);
        return v == null ? null : v.toString();
    }

    static Map<?, ?> obj(Object root, Object... path) {
        return at(root, path) instanceof Map<?, ?> m ? m : null;
    }

    static List<?> list(Object root, Object... path) {
        return at(root, path) instanceof List<?> l ? l : List.of();
    }

    static boolean isTrue(Object root, Object... path) {
        Object v = at(root, path);
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(v.toString());
    }

    static long number(Object root, Object... path) {
        Object v = at(root, path);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? 0 : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Instant instant(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        Instant fast = rfc3339Utc(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
