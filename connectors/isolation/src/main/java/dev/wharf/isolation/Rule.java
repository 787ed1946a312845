package dev.wharf.isolation;

import java.util.List;
import java.util.function.Consumer;

/**
 * One isolation rule: an id, a severity, a reason and a check over one node. Registered in
 * {@link Rules#ALL}. A rule sees one node at a time, so a change re-analyses its node only.
 */
public interface Rule {
    /** The stable id scripts filter on ({@code privileged-on-shared-kernel}). */
    String id();

    /** Its severity (the worst it gives, for rules that grade). */
    Severity severity();

    /** One line: why it matters. */
    String why();

    /** Where that is explained. */
    String reference();

    /** Reports this rule's findings on one node. */
    void check(NodeScope scope, Consumer<Finding> out);

    /** A finding of this rule with its severity, why and reference. */
    default Finding finding(NodeScope scope, List<String> items, List<String> tenants, String message) {
        return finding(severity(), scope, items, tenants, message);
    }

    default Finding finding(Severity severity, NodeScope scope, List<String> items, List<String> tenants, String message) {
        return new Finding(id(), severity, scope.nodeId(), items, tenants, message, why(), reference());
    }
}
