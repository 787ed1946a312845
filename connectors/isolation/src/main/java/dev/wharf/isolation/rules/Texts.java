package dev.wharf.isolation.rules;

import java.util.List;

/** Small pieces of the rules' messages. */
final class Texts {
    private Texts() {
    }

    /** "tenant shop", "tenants shop and ci", "tenants a, b and c". */
    static String tenants(List<String> names) {
        return (names.size() == 1 ? "tenant " : "tenants ") + and(names);
    }

    static String and(List<String> names) {
        if (names.size() <= 1) {
            return names.isEmpty() ? "" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
