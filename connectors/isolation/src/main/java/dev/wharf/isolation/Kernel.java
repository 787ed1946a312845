package dev.wharf.isolation;

import java.util.List;

/**
 * One kernel on a node and what runs on it: the node kernel ({@link Boundary#CONTAINER}) holds
 * the container workloads; each sandbox, microVM and VM has a kernel of its own.
 *
 * @param boundary what kind of kernel
 * @param tenants  the tenants with workloads on it, sorted (infrastructure is no tenant)
 * @param items    ids of the workloads on it, sorted
 */
public record Kernel(Boundary boundary, List<String> tenants, List<String> items) {
    public Kernel {
        tenants = List.copyOf(tenants);
        items = List.copyOf(items);
    }
}
