package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;

/** A namespace → its tenant: a tenant label when present, else the namespace itself. Pure. */
public final class Tenants {
    /** Labels that name a namespace's tenant, strongest first (Capsule's, then Wharf's own). */
    public static final List<String> LABELS = List.of("capsule.clastix.io/tenant", "wharf.dev/tenant");

    /** One record per tenant and label (thousands of pods share a few). */
    private static final Map<Tenant, Tenant> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private Tenants() {
    }

    private static Tenant shared(Tenant t) {
        if (SHARED.size() > 10_000) {
            SHARED.clear();
        }
        Tenant known = SHARED.putIfAbsent(t, t);
        return known == null ? t : known;
    }

    /** The tenant of namespace {@code name}; {@code ns} may be null (not visible): the namespace is its own tenant. */
    public static Tenant of(String name, Namespace ns) {
        Map<String, String> labels = ns == null || ns.getMetadata() == null ? null : ns.getMetadata().getLabels();
        if (labels != null) {
            for (String l : LABELS) {
                String v = labels.get(l);
                if (v != null && !v.isBlank()) {
                    return shared(new Tenant(v, l));
                }
            }
        }
        return shared(Tenant.ofNamespace(name));
    }
}
