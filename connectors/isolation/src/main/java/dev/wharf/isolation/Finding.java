package dev.wharf.isolation;

import java.util.List;

/**
 * One thing that weakens isolation.
 *
 * @param rule      the rule's id ({@code privileged-on-shared-kernel})
 * @param severity  how bad
 * @param node      id of the node it is about; null for a workload not scheduled on a node
 * @param items     ids of the items concerned
 * @param tenants   the tenants concerned, sorted; empty when only infrastructure is
 * @param message   what is wrong, in the user's words, naming the items
 * @param why       one line: why it matters
 * @param reference where that is explained (a URL)
 */
public record Finding(String rule, Severity severity, String node, List<String> items, List<String> tenants,
                      String message, String why, String reference) {
    public Finding {
        items = List.copyOf(items);
        tenants = List.copyOf(tenants);
    }

    public boolean concerns(String itemId) {
        return items.contains(itemId) || itemId.equals(node);
    }
}
