package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsList;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's metrics-server ({@link LabMetrics}) as its clients read it: metrics-server's JSON parsed
 * by fabric8's typed model, figures that move with the clock (a leaking pod, a busy node), nothing
 * for gVisor sandboxes, and {@code kubectl top} against it.
 */
class LabMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(T0);
    private static LabCluster cluster;
    @TempDir
    static Path dir;

    /** A clock the test moves forward (the lab's figures follow it). */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() {
        cluster = LabCluster.start(Duration.ofMillis(300), CLOCK);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return LabTesting.HTTP.send(HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T read(String path, Class<T> type) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return Serialization.unmarshal(r.body(), type);
    }

    private static double cores(Quantity q) {
        return Quantity.getAmountInBytes(q).doubleValue();
    }

    private static long bytes(Quantity q) {
        return Quantity.getAmountInBytes(q).longValue();
    }

    private static double podCores(PodMetrics p) {
        return p.getContainers().stream().mapToDouble(c -> cores(c.getUsage().get("cpu"))).sum();
    }

    private static long podBytes(PodMetrics p) {
        return p.getContainers().stream().mapToLong(c -> bytes(c.getUsage().get("memory"))).sum();
    }

    private static Map<String, PodMetrics> podsByName(PodMetricsList l) {
        return l.getItems().stream().collect(Collectors.toMap(
                p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), Function.identity()));
    }

    private static List<GenericKubernetesResource> pods() {
        return cluster.store().list(cluster.store().type("v1", "Pod"), null, null);
    }

    @Test
    void nodesAreListedInMetricsServersFormatWithABusyNode() throws Exception {
        HttpResponse<String> raw = get("/apis/metrics.k8s.io/v1beta1/nodes");
        // metrics-server writes CPU in nanocores and memory in Ki
        assertThat(raw.body()).contains("\"kind\":\"NodeMetricsList\"").containsPattern("\"cpu\":\"\\d+n\"")
                .containsPattern("\"memory\":\"\\d+Ki\"").contains("\"window\":\"15s\"");
        NodeMetricsList list = Serialization.unmarshal(raw.body(), NodeMetricsList.class);
        Map<String, NodeMetrics> byName = list.getItems().stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
        Set<String> nodes = cluster.store().list(cluster.store().type("v1", "Node"), null, null).stream()
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(byName.keySet()).isEqualTo(nodes);
        for (NodeMetrics n : list.getItems()) {
            assertThat(cores(n.getUsage().get("cpu"))).as(n.getMetadata().getName()).isGreaterThan(0.1);
            assertThat(bytes(n.getUsage().get("memory"))).as(n.getMetadata().getName()).isGreaterThan(512L << 20);
            assertThat(n.getWindow().getDuration()).isEqualTo(Duration.ofSeconds(15));
        }
        // a busy node (at least 70 % of its allocatable CPU), not all of them
        long busy = list.getItems().stream().filter(n -> {
            String alloc = ClusterStore.str(cluster.store().get(cluster.store().type("v1", "Node"), null,
                    n.getMetadata().getName()).orElseThrow(), "status", "allocatable", "cpu");
            return cores(n.getUsage().get("cpu")) >= 0.7 * cores(new Quantity(alloc));
        }).count();
        assertThat(busy).isBetween(1L, (long) list.getItems().size() - 1);
        // one node by name, and an unknown one is metrics-server's 404
        NodeMetrics one = read("/apis/metrics.k8s.io/v1beta1/nodes/" + list.getItems().get(0).getMetadata().getName(),
                NodeMetrics.class);
        assertThat(one.getMetadata().getName()).isEqualTo(list.getItems().get(0).getMetadata().getName());
        HttpResponse<String> missing = get("/apis/metrics.k8s.io/v1beta1/nodes/no-such-node");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("nodes.metrics.k8s.io \\\"no-such-node\\\" not found");
    }

    @Test
    void runningPodsAreMeasuredButGvisorSandboxesAreNot() throws Exception {
        Map<String, PodMetrics> measured = podsByName(read("/apis/metrics.k8s.io/v1beta1/pods", PodMetricsList.class));
        Set<String> gvisor = pods().stream().filter(p -> "gvisor".equals(ClusterStore.str(p, "spec", "runtimeClassName")))
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> running = pods().stream().filter(p -> "Running".equals(ClusterStore.str(p, "status", "phase")))
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(gvisor).as("the lab has gVisor pods").isNotEmpty();
        assertThat(measured.keySet()).doesNotContainAnyElementsOf(gvisor);
        Set<String> expected = running.stream().filter(p -> !gvisor.contains(p)).collect(Collectors.toSet());
        assertThat(measured.keySet()).isEqualTo(expected);
        for (PodMetrics p : measured.values()) {
            assertThat(p.getContainers()).as(p.getMetadata().getName()).isNotEmpty();
            assertThat(podCores(p)).as(p.getMetadata().getName()).isPositive();
            assertThat(podBytes(p)).as(p.getMetadata().getName()).isGreaterThan(1L << 20);
        }
        // a virt-launcher pod (QEMU in its compute container) uses far more than a small service
        PodMetrics launcher = measured.values().stream().filter(p -> p.getMetadata().getName().startsWith("virt-launcher-"))
                .findFirst().orElseThrow();
        assertThat(podCores(launcher)).isGreaterThan(0.2);
        // per namespace, and one by name; a gVisor pod by name is metrics-server's 404
        String ns = launcher.getMetadata().getNamespace();
        PodMetricsList inNs = read("/apis/metrics.k8s.io/v1beta1/namespaces/" + ns + "/pods", PodMetricsList.class);
        assertThat(inNs.getItems()).isNotEmpty().allMatch(p -> p.getMetadata().getNamespace().equals(ns));
        PodMetrics one = read("/apis/metrics.k8s.io/v1beta1/namespaces/" + ns + "/pods/" + launcher.getMetadata().getName(),
                PodMetrics.class);
        assertThat(one.getContainers()).extracting(c -> c.getName()).contains("compute");
        String[] sandbox = gvisor.iterator().next().split("/");
        HttpResponse<String> none = get("/apis/metrics.k8s.io/v1beta1/namespaces/" + sandbox[0] + "/pods/" + sandbox[1]);
        assertThat(none.statusCode()).isEqualTo(404);
    }

    @Test
    void figuresMoveWithTimeAndTheLeakyPodKeepsGrowing() throws Exception {
        Map<String, PodMetrics> before = podsByName(read("/apis/metrics.k8s.io/v1beta1/pods", PodMetricsList.class));
        CLOCK.advance(Duration.ofSeconds(15));
        Map<String, PodMetrics> after = podsByName(read("/apis/metrics.k8s.io/v1beta1/pods", PodMetricsList.class));
        long moved = before.keySet().stream().filter(k -> podCores(before.get(k)) != podCores(after.get(k))).count();
        assertThat(moved).as("pods whose CPU changed in 15 s").isEqualTo(before.size());
        String leaky = before.keySet().stream().filter(k -> k.endsWith("/" + LabMetrics.LEAKY)).findFirst().orElseThrow();
        long start = podBytes(before.get(leaky));
        long last = start;
        for (int i = 0; i < 6; i++) { // an hour, in ten-minute steps: never given back
            CLOCK.advance(Duration.ofMinutes(10));
            long now = podBytes(podsByName(read("/apis/metrics.k8s.io/v1beta1/pods", PodMetricsList.class)).get(leaky));
            assertThat(now).as("after %d minutes", (i + 1) * 10).isGreaterThan(last);
            last = now;
        }
        assertThat(last - start).as("an hour's leak").isBetween(50L << 20, 70L << 20);
    }

    @Test
    void kubectlTopReadsTheLab() throws Exception {
        LabTesting.requireKubectl();
        Path kubeconfig = Lab.writeKubeconfig(dir, cluster.url());
        String nodes = kubectlTop(kubeconfig, "top", "nodes");
        // NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%)
        assertThat(nodes.lines().findFirst().orElseThrow()).matches("NAME\\s+CPU\\(cores\\)\\s+CPU(\\(%\\)|%)\\s+MEMORY\\(bytes\\)\\s+MEMORY(\\(%\\)|%)\\s*");
        assertThat(nodes.lines().skip(1).toList()).hasSize(
                cluster.store().list(cluster.store().type("v1", "Node"), null, null).size())
                .allMatch(l -> l.matches("\\S+\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%\\s*"));
        String pods = kubectlTop(kubeconfig, "top", "pods", "-A", "--containers");
        assertThat(pods).contains("compute").containsPattern("\\S+\\s+" + LabMetrics.LEAKY + "\\s+\\S+\\s+\\d+m\\s+\\d+Mi");
        String sorted = kubectlTop(kubeconfig, "top", "pods", "-A", "--sort-by", "cpu", "--no-headers");
        assertThat(sorted.lines().findFirst().orElseThrow()).contains("virt-launcher-");
    }

    private static String kubectlTop(Path kubeconfig, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(LabTesting.KUBECTL.toString(), "--kubeconfig",
                kubeconfig.toString(), "--cache-dir", dir.resolve("cache").toString(), "--request-timeout", "20s"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
