package dev.wharf.inventory;

import java.util.List;
import java.util.Map;

/**
 * Facet: what a Kubernetes node offers and refuses.
 *
 * @param unschedulable cordoned ({@code spec.unschedulable})
 * @param taints        "key=value:Effect", in the node's order
 * @param capacity      resource → amount in human units ("memory" → "16 GiB", "cpu" → "4"), in display order
 * @param allocatable   the same for what pods may use
 */
public record NodeFacts(boolean unschedulable, List<String> taints, Map<String, String> capacity,
                        Map<String, String> allocatable) {

    public NodeFacts {
        taints = List.copyOf(taints);
        capacity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capacity));
        allocatable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(allocatable));
    }
}
