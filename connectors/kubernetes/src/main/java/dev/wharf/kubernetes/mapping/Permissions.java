package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Kind;

/** What the user may do, as far as the cluster has told (SelfSubjectAccessReview). */
@FunctionalInterface
public interface Permissions {
    /** Everything allowed: for tests and before any answer is known. */
    Permissions ALL = (namespace, action, kind) -> true;

    /** False only when the cluster said no; true when allowed or not known yet. */
    boolean allows(String namespace, Action action, Kind kind);
}
