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

    /** Nodes KubeVirt may run VMs on that are Ready and not cordoned. */
    List<GenericKubernetesResource> schedulableNodes() {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (GenericKubernetesResource n : sim.store.list(sim.nodeType, null, "kubevirt.io/schedulable=true")) {
            if (ready(n) && !cordoned(n)) {
                out.add(n);
            }
        }
        return out;
    }

    static boolean ready(GenericKubernetesResource node) {
        return "True".equals(ServerTables.condition(node, "Ready"));
    }

    static boolean cordoned(GenericKubernetesResource node) {
        return Boolean.TRUE.equals(node.get("spec", "unschedulable"));
    }

    /** The Ready, uncordoned node with the fewest pods that carries all of {@code selector}'s labels. */
    Optional<String> leastBusyNode(Map<String, String> selector) {
        Map<String, Long> load = new HashMap<>();
        for (GenericKubernetesResource p : sim.store.list(sim.podType, null, null)) {
            String n = ClusterStore.str(p, "spec", "nodeName");
            if (n != null) {
                load.merge(n, 1L, Long::sum);
            }
        }
        return sim.store.list(sim.nodeType, null, null).stream()
                .filter(n -> ready(n) && !cordoned(n) && matches(n, selector))
                .min(Comparator.comparingLong((GenericKubernetesResource n) ->
                        load.getOrDefault(n.getMetadata().getName(), 0L))
                        .thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName());
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
        return targetNode(vmi, Map.of());
    }

    /** The first node (by name) other than the VMI's own that may run it and carries all of {@code selector}'s labels. */
    Optional<String> targetNode(GenericKubernetesResource vmi, Map<String, String> selector) {
        String current = ClusterStore.str(vmi, "status", "nodeName");
        return schedulableNodes().stream()
                .filter(n -> matches(n, selector))
                .map(n -> n.getMetadata().getName())
                .filter(n -> !n.equals(current)).sorted().findFirst();
    }

    /**
     * Why no node can take a migration target pod, in the scheduler's words
     * ({@code 0/4 nodes are available: …}).
     */
    String whyNoTarget(GenericKubernetesResource vmi, Map<String, String> selector) {
        String current = ClusterStore.str(vmi, "status", "nodeName");
        List<GenericKubernetesResource> nodes = sim.store.list(sim.nodeType, null, null);
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (GenericKubernetesResource n : nodes) {
            String reason;
            if (!ready(n)) {
                reason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
            } else if (cordoned(n)) {
                reason = "node(s) were unschedulable";
            } else if (!matches(n, selector) || !"true".equals(Simulation.label(n, "kubevirt.io/schedulable"))) {
                reason = "node(s) didn't match Pod's node affinity/selector";
            } else if (n.getMetadata().getName().equals(current)) {
                reason = "node(s) didn't match pod anti-affinity rules";
            } else {
                continue;
            }
            reasons.merge(reason, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("0/" + nodes.size() + " nodes are available: ");
        List<String> parts = new ArrayList<>();
        reasons.forEach((r, c) -> parts.add(c + " " + r));
        sb.append(String.join(", ", parts)).append(". preemption: 0/").append(nodes.size())
                .append(" nodes are available: ").append(nodes.size())
                .append(" Preemption is not helpful for scheduling.");
        return sb.toString();
    }

    private static boolean matches(GenericKubernetesResource node, Map<String, String> selector) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return selector.entrySet().stream().allMatch(e -> labels != null && e.getValue().equals(labels.get(e.getKey())));
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
