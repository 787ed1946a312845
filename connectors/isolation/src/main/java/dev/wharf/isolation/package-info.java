/**
 * The isolation analysis: pure functions over the inventory (JDK only). Each workload gets an
 * effective {@link dev.wharf.isolation.Boundary}; each node its kernels (the node kernel and the
 * tenants whose containers share it, each sandbox, microVM and VM); the {@link dev.wharf.isolation.Rules}
 * turn that into {@link dev.wharf.isolation.Finding}s. {@link dev.wharf.isolation.LiveIsolation}
 * follows inventory deltas and re-analyses only the nodes they touch.
 */
package dev.wharf.isolation;
