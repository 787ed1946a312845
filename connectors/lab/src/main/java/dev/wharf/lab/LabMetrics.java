package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.MockResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's metrics-server: {@code GET /apis/metrics.k8s.io/v1beta1/nodes[/{name}]},
 * {@code /pods} and {@code /namespaces/{ns}/pods[/{name}]}, in metrics-server's own formats
 * ({@code 123456789n}, {@code 104857Ki}, window {@code 15s}). Figures move with the clock: each running
 * pod wobbles around its own level, {@code ledger-0} slowly leaks memory (about 1 MiB a minute), the
 * smallest node with pods is busy (a noisy neighbour takes about 80 % of its CPU), and a node's usage
 * is its pods' plus the system's. The gVisor pods (RuntimeClass handler {@code runsc}) get nothing,
 * as metrics-server gets nothing from such sandboxes. Runs on the server's event loop: reads the store
 * in process, never blocks.
 */
final class LabMetrics {
    static final String LEAKY = "ledger-0";
    private static final String GV = "metrics.k8s.io/v1beta1";
    private static final long MI = 1L << 20;

    private final ClusterStore store;
    private final Clock clock;
    private final Instant started;

    LabMetrics(ClusterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** True for the paths this class serves ({@code seg}: the path's segments). */
    static boolean serves(List<String> seg) {
        return seg.size() >= 4 && seg.get(0).equals("apis") && seg.get(1).equals("metrics.k8s.io")
                && seg.get(2).equals("v1beta1");
    }

    MockResponse get(List<String> seg) {
        List<String> rest = seg.subList(3, seg.size());
        Instant now = clock.instant();
        if (rest.get(0).equals("nodes") && rest.size() <= 2) {
            List<Map<String, Object>> nodes = nodes(now);
            return rest.size() == 1 ? list("NodeMetricsList", nodes) : one(nodes, rest.get(1), "nodes");
        }
        if (rest.get(0).equals("pods") && rest.size() == 1) {
            return list("PodMetricsList", pods(now, null));
        }
        if (rest.get(0).equals("namespaces") && rest.size() >= 3 && rest.size() <= 4 && rest.get(2).equals("pods")) {
            List<Map<String, Object>> pods = pods(now, rest.get(1));
            return rest.size() == 3 ? list("PodMetricsList", pods) : one(pods, rest.get(3), "pods");
        }
        return Responses.status(404, "NotFound", "the server could not find the requested resource");
    }

    /** Each running, measurable pod: name, namespace, node, per-container CPU (cores) and memory (bytes). */
    private record PodFigures(String namespace, String name, String node, List<String> containers, double[] cores,
                              long[] bytes) {
    }

    private List<PodFigures> measure(Instant now) {
        Map<String, String> handlers = new HashMap<>();
        for (GenericKubernetesResource rc : store.list(store.type("node.k8s.io/v1", "RuntimeClass"), null, null)) {
            handlers.put(rc.getMetadata().getName(), ClusterStore.str(rc, "handler"));
        }
        double minutes = Math.max(0, (now.toEpochMilli() - started.toEpochMilli()) / 60_000.0);
        double t = now.toEpochMilli() / 1000.0;
        List<PodFigures> out = new ArrayList<>();
        for (GenericKubernetesResource p : store.list(store.type("v1", "Pod"), null, null)) {
            String rc = ClusterStore.str(p, "spec", "runtimeClassName");
            if (!"Running".equals(ClusterStore.str(p, "status", "phase")) || (rc != null && "runsc".equals(handlers.get(rc)))) {
                continue; // not running, or a gVisor sandbox metrics-server cannot see into
            }
            Object cs = p.get("spec", "containers");
            List<String> names = new ArrayList<>();
            if (cs instanceof List<?> l) {
                for (Object c : l) {
                    if (c instanceof Map<?, ?> m && m.get("name") != null) {
                        names.add(String.valueOf(m.get("name")));
                    }
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            String ns = p.getMetadata().getNamespace();
            String name = p.getMetadata().getName();
            int h = Math.floorMod((ns + "/" + name).hashCode(), 1000);
            boolean launcher = name.startsWith("virt-launcher-");
            double[] cores = new double[names.size()];
            long[] bytes = new long[names.size()];
            for (int i = 0; i < names.size(); i++) {
                double level = launcher && i == 0 ? 0.35 + h / 2000.0 : 0.004 + (h % 97) / 400.0;
                double wobble = 1 + 0.35 * Math.sin(t / (20 + h % 40) + h);
                cores[i] = Math.max(0.001, level * wobble / (i + 1));
                long mem = (launcher && i == 0 ? 180 : 12 + h % 220) * MI / (i + 1);
                if (name.equals(LEAKY) && i == 0) {
                    mem += (long) (minutes * MI); // the leak: a mebibyte a minute, never given back
                }
                bytes[i] = mem + (long) (2 * MI * Math.sin(t / 30 + i));
            }
            out.add(new PodFigures(ns, name, ClusterStore.str(p, "spec", "nodeName"), names, cores, bytes));
        }
        return out;
    }

    private List<Map<String, Object>> pods(Instant now, String namespace) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PodFigures f : measure(now)) {
            if (namespace != null && !namespace.equals(f.namespace())) {
                continue;
            }
            List<Map<String, Object>> containers = new ArrayList<>();
            for (int i = 0; i < f.containers().size(); i++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", f.containers().get(i));
                c.put("usage", usage(f.cores()[i], f.bytes()[i]));
                containers.add(c);
            }
            Map<String, Object> m = item("PodMetrics", f.name(), f.namespace(), now);
            m.put("containers", containers);
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> nodes(Instant now) {
        List<PodFigures> pods = measure(now);
        Map<String, double[]> sums = new HashMap<>();
        for (PodFigures f : pods) {
            if (f.node() == null) {
                continue;
            }
            double[] s = sums.computeIfAbsent(f.node(), k -> new double[2]);
            for (int i = 0; i < f.cores().length; i++) {
                s[0] += f.cores()[i];
                s[1] += f.bytes()[i];
            }
        }
        List<GenericKubernetesResource> nodes = new ArrayList<>(store.list(store.type("v1", "Node"), null, null));
        nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        // the busy node: the smallest (by allocatable CPU) that runs pods
        String busy = nodes.stream().filter(n -> sums.containsKey(n.getMetadata().getName()))
                .min(Comparator.comparingDouble(LabMetrics::allocatableCores)).map(n -> n.getMetadata().getName())
                .orElse(null);
        double t = now.toEpochMilli() / 1000.0;
        List<Map<String, Object>> out = new ArrayList<>();
        for (GenericKubernetesResource n : nodes) {
            String name = n.getMetadata().getName();
            double[] s = sums.getOrDefault(name, new double[2]);
            double alloc = allocatableCores(n);
            double cores = 0.15 + s[0] + (name.equals(busy) ? alloc * (0.78 + 0.08 * Math.sin(t / 25)) : 0);
            long bytes = (long) (900 * MI + s[1]);
            Map<String, Object> m = item("NodeMetrics", name, null, now);
            m.put("usage", usage(Math.min(cores, Math.max(alloc, 0.2)), bytes));
            out.add(m);
        }
        return out;
    }

    private static double allocatableCores(GenericKubernetesResource node) {
        String cpu = ClusterStore.str(node, "status", "allocatable", "cpu");
        if (cpu == null) {
            return 4;
        }
        try {
            return cpu.endsWith("m") ? Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000 : Double.parseDouble(cpu);
        } catch (NumberFormatException e) {
            return 4;
        }
    }

    /** CPU in nanocores and memory in Ki, as metrics-server writes them. */
    private static Map<String, Object> usage(double cores, long bytes) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("cpu", BigDecimal.valueOf(Math.round(cores * 1e9)).toPlainString() + "n");
        u.put("memory", Math.max(0, bytes / 1024) + "Ki");
        return u;
    }

    private static Map<String, Object> item(String kind, String name, String namespace, Instant now) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("apiVersion", GV);
        m.put("metadata", meta);
        m.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(3).toString());
        m.put("window", "15s");
        return m;
    }

    private static MockResponse list(String kind, List<Map<String, Object>> items) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("kind", kind);
        l.put("apiVersion", GV);
        l.put("metadata", Map.of());
        l.put("items", items);
        return Responses.json(200, l);
    }

    private static MockResponse one(List<Map<String, Object>> items, String name, String plural) {
        return items.stream().filter(m -> name.equals(((Map<?, ?>) m.get("metadata")).get("name"))).findFirst()
                .map(m -> Responses.json(200, m))
                .orElseGet(() -> Responses.status(404, "NotFound", plural + ".metrics.k8s.io \"" + name + "\" not found"));
    }
}
