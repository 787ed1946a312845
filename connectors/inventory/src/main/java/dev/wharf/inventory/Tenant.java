package dev.wharf.inventory;

/**
 * Whose workload it is (a facet of namespaced items): the tenant its namespace belongs to.
 *
 * @param name  the tenant's name
 * @param label the namespace label it was read from ({@code capsule.clastix.io/tenant},
 *              {@code wharf.dev/tenant}); null when the namespace is its own tenant
 */
public record Tenant(String name, String label) {
    /** The namespace as its own tenant. */
    public static Tenant ofNamespace(String namespace) {
        return new Tenant(namespace, null);
    }
}
