package dev.wharf.kubernetes;

import static dev.wharf.kubernetes.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import dev.wharf.kubernetes.metrics.MetricsMapper;
import dev.wharf.kubernetes.metrics.MetricsServerUsage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * metrics-server usage over the CRUD mock: one NodeMetrics and one PodMetrics list per poll mapped to
 * nodes, pods and KubeVirt VMs; a sandbox metrics-server does not measure stays n/a; 404 and 403 give
 * one note and no request storm.
 */
class MetricsServerUsageTest {
    static final String SRC = "k8s:lab";
    static final String NODES = "/apis/metrics.k8s.io/v1beta1/nodes";
    static final String PODS = "/apis/metrics.k8s.io/v1beta1/pods";
    MockCluster cluster;
    Inventory inventory;
    KubernetesConnection connection;
    final List<UsagePoll> polls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        inventory = new Inventory(Runnable::run);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (connection != null) {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(5));
        }
        cluster.close();
    }

    void seed() {
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")))
                .endStatus().build()).create();
        for (RuntimeClass rc : Fixtures.list("runtimeclasses.yaml", RuntimeClass.class)) {
            cluster.client.resources(RuntimeClass.class).resource(rc).create();
        }
        cluster.client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .withNamespace("shop").endMetadata().withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("app").withImage("nginx").withNewResources()
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi"))).endResources()
                .endContainer()
                .addNewContainer().withName("sidecar").withImage("envoy").withNewResources()
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi"))).endResources()
                .endContainer().endSpec().build()).create();
        cluster.client.pods().inNamespace("sandbox").resource(Fixtures.named("microvm-pods.yaml", Pod.class, "gvisor-1"))
                .create();
        cluster.client.pods().inNamespace("sandbox").resource(Fixtures.named("microvm-pods.yaml", Pod.class, "qemu-1"))
                .create();
        cluster.createVm(Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        cluster.client.pods().inNamespace("vms").resource(Fixtures.load("launcher-pod.yaml", Pod.class)).create();
    }

    static final String NODE_METRICS = """
            {"kind":"NodeMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metadata":{"name":"node-a"},"timestamp":"2026-12-02T10:00:00Z","window":"10.037s",
               "usage":{"cpu":"3000000000n","memory":"6291456Ki"}}]}""";
    // gvisor-1 (runsc) is not measured: metrics-server lists it without containers or not at all
    static final String POD_METRICS = """
            {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metadata":{"name":"web-1","namespace":"shop"},"timestamp":"2026-12-02T10:00:01Z","window":"15s",
               "containers":[{"name":"app","usage":{"cpu":"250m","memory":"128Mi"}},
                             {"name":"sidecar","usage":{"cpu":"37500u","memory":"131072Ki"}}]},
              {"metadata":{"name":"gvisor-1","namespace":"sandbox"},"timestamp":"2026-12-02T10:00:01Z","window":"15s",
               "containers":[]},
              {"metadata":{"name":"qemu-1","namespace":"sandbox"},"timestamp":"2026-12-02T10:00:01Z","window":"15s",
               "containers":[{"name":"app","usage":{"cpu":"2","memory":"1Gi"}}]},
              {"metadata":{"name":"virt-launcher-fedora-1-x7k2p","namespace":"vms"},"timestamp":"2026-12-02T10:00:01Z",
               "window":"15s","containers":[{"name":"compute","usage":{"cpu":"1500000n","memory":"123456Ki"}}]}]}""";

    UsageSource connect() throws InterruptedException {
        connection = new KubernetesConnection("lab", cluster.client, inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
        return connection.capability(UsageSource.class).orElseThrow();
    }

    @Test
    void mapsNodesPodsMicroVmsAndVmsFromOneListEach() throws Exception {
        seed();
        cluster.server.expect().get().withPath(NODES).andReturn(200, NODE_METRICS).always();
        cluster.server.expect().get().withPath(PODS).andReturn(200, POD_METRICS).always();
        try (UsageSource.Watch w = connect().watchUsage(polls::add)) {
            eventually(() -> assertThat(polls).isNotEmpty());
            UsagePoll p = polls.get(0);
            assertThat(p.source()).isEqualTo(SRC);
            assertThat(p.note()).isEmpty();
            Map<String, Usage> by = new java.util.HashMap<>();
            p.usages().forEach(u -> by.put(u.itemId(), u));

            Usage node = by.get(Item.idOf(SRC, Kind.NODE, null, "node-a"));
            assertThat(node.cpuCores()).isCloseTo(3.0, within(1e-9));
            assertThat(node.cpuPercent()).isCloseTo(75.0, within(1e-9)); // of 4 allocatable
            assertThat(node.memoryBytes()).isEqualTo(6L << 30);
            assertThat(node.memoryPercent()).isCloseTo(75.0, within(1e-9)); // of 8Gi
            assertThat(node.window()).isEqualTo(Duration.ofMillis(10037));
            assertThat(node.diskReadBps()).isNull();
            assertThat(node.netRxBps()).isNull();

            Usage web = by.get(Item.idOf(SRC, Kind.POD, "shop", "web-1"));
            assertThat(web.cpuCores()).isCloseTo(0.2875, within(1e-9));
            assertThat(web.cpuPercent()).isCloseTo(28.75, within(1e-9)); // of 2 × 500m limits
            assertThat(web.memoryBytes()).isEqualTo(256L << 20);
            assertThat(web.memoryPercent()).isCloseTo(50.0, within(1e-9));

            // a Kata pod is a microVM item; no limits: no percentage (unknown, not 0)
            Usage kata = by.get(Item.idOf(SRC, Kind.MICROVM, "sandbox", "qemu-1"));
            assertThat(kata.cpuCores()).isEqualTo(2.0);
            assertThat(kata.cpuPercent()).isNull();

            // gVisor sandbox without container metrics: absent (n/a), never 0
            assertThat(by.keySet()).noneMatch(id -> id.contains("gvisor-1"));

            // the KubeVirt VM carries its virt-launcher pod's usage and says so
            Usage vm = by.get(Item.idOf(SRC, Kind.VM, "vms", "fedora-1"));
            assertThat(vm.cpuCores()).isCloseTo(0.0015, within(1e-12));
            assertThat(vm.memoryBytes()).isEqualTo(123456L * 1024);
            assertThat(vm.origin()).isEqualTo(MetricsMapper.LAUNCHER_ORIGIN);
        }
    }

    @Test
    void missingMetricsServerIsOneNoteAndNoStorm() throws Exception {
        cluster.server.expect().get().withPath(NODES).andReturn(404,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server could not "
                        + "find the requested resource\",\"reason\":\"NotFound\",\"code\":404}").always();
        UsageSource usage = connect();
        UsageSource fast = fastCopy();
        try (UsageSource.Watch w = fast.watchUsage(polls::add)) {
            eventually(() -> assertThat(polls).hasSize(1));
            assertThat(polls.get(0).note()).isEqualTo("metrics unavailable: metrics-server is not installed");
            assertThat(polls.get(0).usages()).isEmpty();
            Thread.sleep(1000); // 20 intervals: the next try is 5 minutes away
            assertThat(polls).hasSize(1);
        }
        assertThat(usage).isNotNull();
    }

    @Test
    void forbiddenMetricsSaySoAndNameThePermission() throws Exception {
        cluster.server.expect().get().withPath(NODES).andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"nodes.metrics.k8s.io is "
                        + "forbidden: User \\\"dev\\\" cannot list resource \\\"nodes\\\" in API group \\\"metrics.k8s.io\\\" "
                        + "at the cluster scope\",\"reason\":\"Forbidden\",\"code\":403}").always();
        connect();
        try (UsageSource.Watch w = fastCopy().watchUsage(polls::add)) {
            eventually(() -> assertThat(polls).hasSize(1));
            assertThat(polls.get(0).note()).startsWith("metrics forbidden (403)")
                    .contains("nodes.metrics.k8s.io", "pods.metrics.k8s.io", "list");
            Thread.sleep(1000);
            assertThat(polls).hasSize(1);
        }
    }

    /** The same source with a 50 ms interval, so that a storm would show within a second. */
    MetricsServerUsage fastCopy() {
        return new MetricsServerUsage(SRC, connection::client, MetricsMapper.Lookups.of(n -> null, p -> null,
                inventory::get), Clock.systemUTC(), Duration.ofMillis(50));
    }
}
