package dev.wharf.kubernetes.mapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Null-safe reads from the nested maps of a GenericKubernetesResource. */
final class Fields {
    private Fields() {
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
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
