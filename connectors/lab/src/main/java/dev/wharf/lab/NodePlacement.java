package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the simulated scheduler puts things: the schedulable, ready nodes, the least busy one
 * with room for a VM, a migration's target, and the addresses (pod IPs from the node's pod
 * CIDR, the node's InternalIP) a placed pod gets.
 */
final class NodePlacement {

    private final Simulation sim;
    private int nextIp = 150;

    NodePlacement(Simulation sim) {
        this.sim = sim;
    }

    List<GenericKubernetesResource> schedulableNodes() {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (GenericKubernetesResource n : sim.store.list(sim.nodeType, null, "kubevirt.io/schedulable=true")) {
            if ("True".equals(ServerTables.condition(n, "Ready"))) {
                out.add(n);
            }
        }
        return out;
    }

    /** The least busy schedulable node with room for the VM's memory, if any. */
    @SuppressWarnings("unchecked")
    Optional<String> scheduleNode(GenericKubernetesResource vm) {
        BigDecimal need = BigDecimal.ZERO;
        Object mem = vm.get("spec", "template", "spec", "domain", "resources", "requests", "memory");
        if (mem != null) {
            need = Quantity.getAmountInBytes(new Quantity(String.valueOf(mem)));
        }
        Map<String, Long> load = new HashMap<>();
        for (GenericKubernetesResource vmi : sim.store.list(sim.vmiType, null, null)) {
            String n = ClusterStore.str(vmi, "status", "nodeName");
            if (n != null) {
                load.merge(n, 1L, Long::sum);
            }
        }
        BigDecimal needed = need;
        return schedulableNodes().stream()
                .filter(n -> {
                    Object alloc = n.get("status", "allocatable", "memory");
                    return alloc == null || Quantity.getAmountInBytes(new Quantity(String.valueOf(alloc)))
                            .compareTo(needed) >= 0;
                })
                .min(Comparator.comparingLong((GenericKubernetesResource n) ->
                        load.getOrDefault(n.getMetadata().getName(), 0L))
                        .thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName());
    }

    Optional<String> targetNode(GenericKubernetesResource vmi) {
        String current = ClusterStore.str(vmi, "status", "nodeName");
        return schedulableNodes().stream().map(n -> n.getMetadata().getName())
                .filter(n -> !n.equals(current)).sorted().findFirst();
    }

    String podIp(String node) {
        int octet = 0;
        Optional<GenericKubernetesResource> n = sim.store.get(sim.nodeType, null, node);
        String cidr = n.map(x -> ClusterStore.str(x, "spec", "podCIDR")).orElse(null);
        if (cidr != null) {
            String[] parts = cidr.split("\\.");
            if (parts.length >= 3) {
                octet = Integer.parseInt(parts[2]);
            }
        }
        int host = nextIp++;
        if (nextIp > 250) {
            nextIp = 150;
        }
        return "10.244." + octet + "." + host;
    }

    @SuppressWarnings("unchecked")
    String nodeIp(String node) {
        return sim.store.get(sim.nodeType, null, node).map(n -> {
            Object as = n.get("status", "addresses");
            if (as instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m && "InternalIP".equals(m.get("type"))) {
                        return String.valueOf(((Map<String, Object>) m).get("address"));
                    }
                }
            }
            return null;
        }).orElse(null);
    }

}
