package dev.wharf.kubernetes.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Usage;
import dev.wharf.kubernetes.mapping.Ids;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * metrics-server's NodeMetrics and PodMetrics to {@link Usage} records of inventory items. Pure: what
 * it needs from the informer caches and the inventory comes through {@link Lookups}.
 *
 * <ul>
 *   <li>a node: its usage, percentages of its allocatable;</li>
 *   <li>a pod or microVM (whichever id the inventory holds): the sum over its containers, percentages of
 *       its limits when every container has one; a pod metrics-server reports no container for is
 *       left out (n/a, never 0);</li>
 *   <li>a KubeVirt VM: its virt-launcher pod's usage (the pod's owner is the VM), with {@link #LAUNCHER_ORIGIN}.</li>
 * </ul>
 */
public final class MetricsMapper {
    /** The origin of a KubeVirt VM's figures. */
    public static final String LAUNCHER_ORIGIN = "the virt-launcher pod's usage: its compute container runs QEMU";

    /** What the mapping reads from the caches and the inventory. */
    public interface Lookups {
        /** The node object by name; null when not cached. */
        Node node(String name);

        /** The pod object by {@code namespace/name}; null when not cached. */
        Pod pod(String key);

        /** The inventory's item by id. */
        Optional<Item> item(String id);

        static Lookups of(Function<String, Node> node, Function<String, Pod> pod, Function<String, Optional<Item>> item) {
            return new Lookups() {
                @Override public Node node(String name) { return node.apply(name); }
                @Override public Pod pod(String key) { return pod.apply(key); }
                @Override public Optional<Item> item(String id) { return item.apply(id); }
            };
        }
    }

    private MetricsMapper() {
    }

    /** NodeMetrics objects (as metrics-server writes them) to node usages. */
    public static List<Usage> nodes(Ids ids, List<GenericKubernetesResource> metrics, Lookups lookups, Instant now) {
        List<Usage> out = new ArrayList<>(metrics.size());
        for (GenericKubernetesResource m : metrics) {
            String name = m.getMetadata() == null ? null : m.getMetadata().getName();
            Map<String, Object> usage = map(m.get("usage"));
            if (name == null || usage == null) {
                continue;
            }
            Double cores = cores(string(usage.get("cpu")));
            Long bytes = bytes(string(usage.get("memory")));
            Node node = lookups.node(name);
            Map<String, Quantity> alloc = node == null || node.getStatus() == null ? null : node.getStatus().getAllocatable();
            Double cpuAlloc = alloc == null ? null : cores(text(alloc.get("cpu")));
            Long memAlloc = alloc == null ? null : bytes(text(alloc.get("memory")));
            out.add(new Usage(ids.node(name), at(string(m.get("timestamp")), now),
                    GoDurations.parse(string(m.get("window"))), cores,
                    percent(cores, cpuAlloc), bytes, percent(bytes, memAlloc), null, null, null, null, ""));
        }
        return out;
    }

    /** PodMetrics objects (as metrics-server writes them) to pod, microVM and VM usages. */
    public static List<Usage> pods(Ids ids, List<GenericKubernetesResource> metrics, Lookups lookups, Instant now) {
        List<Usage> out = new ArrayList<>(metrics.size());
        for (GenericKubernetesResource m : metrics) {
            List<?> containers = m.get("containers") instanceof List<?> l ? l : List.of();
            if (m.getMetadata() == null || containers.isEmpty()) {
                continue; // nothing measured: n/a
            }
            String ns = m.getMetadata().getNamespace();
            String name = m.getMetadata().getName();
            Optional<Item> item = lookups.item(ids.of(Kind.POD, ns, name));
            if (item.isEmpty()) {
                item = lookups.item(ids.of(Kind.MICROVM, ns, name));
            }
            if (item.isEmpty()) {
                continue; // not in the inventory (yet): nothing to attach it to
            }
            Double cores = 0.0;
            Long bytes = 0L;
            for (Object c : containers) {
                Map<String, Object> container = map(c);
                Map<String, Object> u = container == null ? null : map(container.get("usage"));
                Double cc = u == null ? null : cores(string(u.get("cpu")));
                Long cb = u == null ? null : bytes(string(u.get("memory")));
                cores = cores == null || cc == null ? null : cores + cc;
                bytes = bytes == null || cb == null ? null : bytes + cb;
            }
            Pod pod = lookups.pod(ns + "/" + name);
            Instant at = at(string(m.get("timestamp")), now);
            Duration window = GoDurations.parse(string(m.get("window")));
            Usage usage = new Usage(item.get().id(), at, window, cores, percent(cores, limit(pod, "cpu", true)),
                    bytes, percent(bytes, limit(pod, "memory", false)), null, null, null, null, "");
            out.add(usage);
            String owner = item.get().owner();
            if (owner != null && lookups.item(owner).map(o -> o.kind() == Kind.VM).orElse(false)) {
                out.add(new Usage(owner, at, window, usage.cpuCores(), usage.cpuPercent(), usage.memoryBytes(),
                        usage.memoryPercent(), null, null, null, null, LAUNCHER_ORIGIN));
            }
        }
        return out;
    }

    /** The sum of the containers' limits of a resource; null unless every container has one. */
    private static Double limit(Pod pod, String resource, boolean cpu) {
        if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers() == null
                || pod.getSpec().getContainers().isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Container c : pod.getSpec().getContainers()) {
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            Quantity q = limits == null ? null : limits.get(resource);
            String t = text(q);
            Double v = cpu ? cores(t) : (bytes(t) == null ? null : bytes(t).doubleValue());
            if (v == null || v <= 0) {
                return null;
            }
            sum += v;
        }
        return sum;
    }

    private static Double percent(Number used, Number of) {
        return used == null || of == null || of.doubleValue() <= 0 ? null : used.doubleValue() * 100.0 / of.doubleValue();
    }

    static Double cores(String s) {
        if (s == null) {
            return null;
        }
        try {
            return MetricQuantities.cores(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Long bytes(String s) {
        if (s == null) {
            return null;
        }
        try {
            return MetricQuantities.bytes(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private static String text(Quantity q) {
        if (q == null || q.getAmount() == null) {
            return null;
        }
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    private static Instant at(String timestamp, Instant now) {
        if (timestamp == null) {
            return now;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
