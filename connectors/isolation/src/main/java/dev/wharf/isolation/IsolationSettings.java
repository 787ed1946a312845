package dev.wharf.isolation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the analysis takes as infrastructure rather than a tenant.
 *
 * @param systemNamespaces namespace names; a trailing {@code *} matches a prefix ({@code openshift-*})
 */
public record IsolationSettings(List<String> systemNamespaces) {
    public static final IsolationSettings DEFAULT = new IsolationSettings(List.of(
            "kube-system", "kube-public", "kube-node-lease", "kubevirt", "cdi", "kata-deploy", "openshift-*"));
    /** Answers per settings and namespace: a cluster has few namespaces and many pods. */
    private static final Map<List<String>, Map<String, Boolean>> MEMO = new ConcurrentHashMap<>();

    public IsolationSettings {
        systemNamespaces = List.copyOf(systemNamespaces);
    }

    public boolean isSystemNamespace(String namespace) {
        if (namespace == null) {
            return false;
        }
        Map<String, Boolean> memo = MEMO.computeIfAbsent(systemNamespaces, k -> new ConcurrentHashMap<>());
        if (memo.size() > 10_000) {
            memo.clear();
        }
        return memo.computeIfAbsent(namespace, this::matches);
    }

    private boolean matches(String namespace) {
        for (String s : systemNamespaces) {
            if (s.endsWith("*") ? namespace.startsWith(s.substring(0, s.length() - 1)) : namespace.equals(s)) {
                return true;
            }
        }
        return false;
    }
}
