package dev.wharf.isolation;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.PodSecurity;
import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.inventory.Tenant;
import dev.wharf.inventory.VmHostDisks;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod, microVM or KubeVirt VM as the rules see it.
 *
 * @param item           the inventory item
 * @param boundary       its effective boundary
 * @param tenant         its tenant; null for infrastructure
 * @param infrastructure true for system namespaces and DaemonSet pods
 * @param security       its pod settings; an empty set for VMs and pods whose source gave none
 */
public record Workload(Item item, Boundary boundary, String tenant, boolean infrastructure, PodSecurity security) {
    static final PodSecurity NONE = new PodSecurity(List.of(), false, false, false, List.of(), List.of(), null, Map.of());

    /** Builds the workload view of an item (the boundary and tenant decided here). */
    public static Workload of(Item item, IsolationSettings settings) {
        PodSecurity sec = item.facet(PodSecurity.class).orElse(NONE);
        boolean infra = settings.isSystemNamespace(item.namespace()) || "DaemonSet".equals(sec.ownerKind());
        String tenant = infra ? null : item.facet(Tenant.class).map(Tenant::name).orElse(item.namespace());
        return new Workload(item, Boundaries.of(item, sec), tenant, infra, sec);
    }

    public String id() {
        return item.id();
    }

    /** "pod shop/web-1", "microVM ci/build-7", "VM analytics/legacy". */
    public String label() {
        String kind = switch (item.kind()) {
            case MICROVM -> item.isolation() == Isolation.SANDBOX ? "sandboxed pod" : "microVM";
            case VM -> "VM";
            default -> "pod";
        };
        return kind + " " + (item.namespace() == null ? "" : item.namespace() + "/") + item.name();
    }

    /** "tenant shop" or "infrastructure". */
    public String owner() {
        return infrastructure ? "infrastructure" : "tenant " + tenant;
    }

    public Optional<RuntimeClassFacts> runtimeClass() {
        return item.facet(RuntimeClassFacts.class);
    }

    public Optional<VmHostDisks> hostDisks() {
        return item.facet(VmHostDisks.class);
    }

    /** Kata or Firecracker (a guest kernel in a microVM). */
    public boolean kata() {
        return item.isolation() == Isolation.MICROVM;
    }

    /** gVisor. */
    public boolean gvisor() {
        return item.isolation() == Isolation.SANDBOX;
    }

    /** Tenants as findings list them: its own, or none for infrastructure. */
    public List<String> tenants() {
        return tenant == null ? List.of() : List.of(tenant);
    }
}
