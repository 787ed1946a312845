package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Read-only lookups in a connection's informer caches by key ({@code name} or
 * {@code namespace/name}); null when absent or not listed yet. Callers never mutate what they get.
 */
interface CachedObjects {
    Node node(String key);

    Pod pod(String key);

    GenericKubernetesResource vm(String key);

    GenericKubernetesResource vmi(String key);

    /** Every node listed. */
    java.util.List<Node> nodes();

    /** The pods bound to a node ({@code spec.nodeName}). */
    java.util.List<Pod> podsOn(String node);
}
