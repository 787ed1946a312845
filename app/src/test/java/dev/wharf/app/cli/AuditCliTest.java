package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf audit} ({@link Main#run}) against fabric8's CRUD mock API server holding
 * fixtures/audit-cluster.yaml (tenants by label, nodes with each kind of placement evidence, a
 * case of every rule), through a kubeconfig file. One command per server (see KubernetesCliTest).
 */
class AuditCliTest {
    private static final String SRC = "k8s:mock";
    private static final ResourceDefinitionContext VMS = kubevirt("VirtualMachine", "virtualmachines");
    private static final ResourceDefinitionContext VMIS = kubevirt("VirtualMachineInstance", "virtualmachineinstances");
    private static final ResourceDefinitionContext MIGRATIONS =
            kubevirt("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations");

    private KubernetesMockServer server;
    private KubernetesClient client;
    @TempDir
    Path dir;
    private Path kubeconfig;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static ResourceDefinitionContext kubevirt(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @BeforeEach
    void cluster() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        for (ResourceDefinitionContext c : List.of(VMS, VMIS, MIGRATIONS)) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(c.getGroup())
                    .withVersion(c.getVersion()).withPlural(c.getPlural()).withKind(c.getKind())
                    .withScope("Namespaced").build());
        }
        MockDiscovery.serve(server);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        try (InputStream in = AuditCliTest.class.getResourceAsStream("/fixtures/audit-cluster.yaml")) {
            for (HasMetadata o : Serialization.unmarshal(in, KubernetesList.class).getItems()) {
                if (o instanceof GenericKubernetesResource g) {
                    ResourceDefinitionContext ctx = g.getKind().equals("VirtualMachine") ? VMS : VMIS;
                    client.genericKubernetesResources(ctx).inNamespace(g.getMetadata().getNamespace()).resource(g).create();
                } else {
                    client.resource(o).create();
                }
            }
        }
        kubeconfig = dir.resolve("mock.kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config", "current-context: mock",
                "clusters:", "- name: mock", "  cluster: {server: \"http://127.0.0.1:" + server.getPort() + "\"}",
                "users:", "- name: dev", "  user: {token: not-a-secret}",
                "contexts:", "- name: mock",
                // the mock speaks plain HTTP: allow the token over it
                "  context: {cluster: mock, user: dev, extensions: [{name: wharf.dev/allow-plain-http, extension: true}]}",
                ""));
    }

    @AfterEach
    void stop() {
        client.close();
        KubernetesMockServer s = server;
        Thread t = new Thread(s::destroy, "mock-server-destroy");
        t.setDaemon(true);
        t.start();
    }

    private int run(String... args) {
        return Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String id(String kindNsName) {
        return SRC + "|" + kindNsName;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void auditJsonFieldByField() throws Exception {
        assertThat(run("audit", "-o", "json", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(texts(fieldNames(doc))).containsExactly("nodes", "findings");

        JsonNode nodes = doc.get("nodes");
        assertThat(nodes).hasSize(3);
        JsonNode a = nodes.get(0);
        assertThat(texts(fieldNames(a))).containsExactly("id", "name", "placement", "host", "evidence", "kernels");
        assertThat(a.get("id").asText()).isEqualTo(id("node/node-a"));
        assertThat(a.get("name").asText()).isEqualTo("node-a");
        assertThat(a.get("placement").asText()).isEqualTo("bare-metal");
        assertThat(a.get("host").isNull()).isTrue();
        assertThat(a.get("evidence").asText())
                .isEqualTo("Node Feature Discovery: the CPU reports no hypervisor (no cpu-cpuid.HYPERVISOR)");
        assertThat(a.get("kernels")).singleElement().satisfies(k -> {
            assertThat(texts(fieldNames(k))).containsExactly("boundary", "tenants", "items");
            assertThat(k.get("boundary").asText()).isEqualTo("container");
            assertThat(texts(k.get("tenants"))).as("by label; kube-system is infrastructure").containsExactly("data", "retail");
            assertThat(texts(k.get("items"))).containsExactly(id("pod/analytics/etl"), id("pod/kube-system/agent"),
                    id("pod/shop/web"));
        });

        JsonNode b = nodes.get(1);
        assertThat(b.get("name").asText()).isEqualTo("node-b");
        assertThat(b.get("placement").asText()).isEqualTo("vm");
        assertThat(b.get("evidence").asText()).isEqualTo("providerID kubevirt://infra/node-b: a KubeVirt VM");
        assertThat(b.get("kernels")).extracting(k -> k.get("boundary").asText(), k -> texts(k.get("tenants")),
                k -> texts(k.get("items"))).containsExactly(
                org.assertj.core.groups.Tuple.tuple("container", List.of(), List.of()),
                org.assertj.core.groups.Tuple.tuple("sandbox", List.of("data"), List.of(id("microvm/analytics/sbx"))),
                org.assertj.core.groups.Tuple.tuple("weakened", List.of("retail"), List.of(id("microvm/shop-staging/build"))),
                org.assertj.core.groups.Tuple.tuple("vm", List.of("data"), List.of(id("vm/analytics/legacy"))));

        JsonNode c = nodes.get(2);
        assertThat(c.get("placement").asText()).isEqualTo("unknown");
        assertThat(c.get("evidence").asText()).isEqualTo(
                "no libvirt domain Wharf sees has its system UUID, no providerID and no Node Feature Discovery labels");

        JsonNode findings = doc.get("findings");
        assertThat(findings).extracting(f -> f.get("severity").asText(), f -> f.get("rule").asText()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("critical", "privileged-on-shared-kernel"),
                org.assertj.core.groups.Tuple.tuple("critical", "privileged-sandbox"),
                org.assertj.core.groups.Tuple.tuple("high", "host-namespace"),
                org.assertj.core.groups.Tuple.tuple("high", "sensitive-host-path"),
                org.assertj.core.groups.Tuple.tuple("high", "tenants-share-kernel"),
                org.assertj.core.groups.Tuple.tuple("medium", "runtimeclass-missing"),
                org.assertj.core.groups.Tuple.tuple("medium", "vm-host-disk"),
                org.assertj.core.groups.Tuple.tuple("low", "host-port"),
                org.assertj.core.groups.Tuple.tuple("low", "sandbox-without-overhead"),
                org.assertj.core.groups.Tuple.tuple("info", "nested-virtualization"));
        JsonNode priv = findings.get(0);
        assertThat(texts(fieldNames(priv))).containsExactly("rule", "severity", "node", "items", "tenants", "message");
        assertThat(priv.get("node").asText()).isEqualTo(id("node/node-a"));
        assertThat(texts(priv.get("items"))).containsExactly(id("pod/kube-system/agent"));
        assertThat(texts(priv.get("tenants"))).containsExactly("data", "retail");
        assertThat(priv.get("message").asText()).isEqualTo("pod kube-system/agent (infrastructure) runs privileged "
                + "(agent) on the kernel of node node-a, which tenants data and retail share: it can take over the node "
                + "and their containers.");
        JsonNode shared = findings.get(4);
        assertThat(texts(shared.get("items"))).containsExactly(id("pod/analytics/etl"), id("pod/shop/web"));
        assertThat(texts(shared.get("tenants"))).containsExactly("data", "retail");
        JsonNode missing = findings.get(5);
        assertThat(missing.get("node").isNull()).as("not scheduled").isTrue();
        assertThat(texts(missing.get("items"))).containsExactly(id("microvm/analytics/old"));
        assertThat(missing.get("message").asText()).contains("kata-gone");
        JsonNode disk = findings.get(6);
        assertThat(disk.get("node").asText()).isEqualTo(id("node/node-b"));
        assertThat(disk.get("message").asText()).contains("/var/lib/legacy/scratch.img");
        JsonNode nested = findings.get(9);
        assertThat(texts(nested.get("items"))).containsExactly(id("microvm/shop-staging/build"), id("vm/analytics/legacy"));
    }

    @Test
    void failOnExitsWithThreeWhenAFindingThatBadExists() {
        assertThat(run("audit", "--fail-on", "critical", "--kubeconfig", kubeconfig.toString())).as(err()).isEqualTo(3);
        String table = out.toString(StandardCharsets.UTF_8);
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("NODE", "PLACEMENT", "KERNELS", "SHARED KERNEL TENANTS",
                "WORST");
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("node-a", "bare-metal", "node(3)", "data,retail", "critical");
        assertThat(lines.get(2).split("\\s{2,}")).containsExactly("node-b", "vm", "node(0) + 1 sandbox + 1 vm + 1 weakened",
                "-", "critical");
        assertThat(table).contains("CRITICAL privileged-on-shared-kernel  node-a\n")
                .contains("         why: A privileged container holds every capability")
                .endsWith("\n10 findings: 2 critical, 3 high, 2 medium, 2 low, 1 info\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void belowTheThresholdOrWithoutOneTheExitIsZero() {
        assertThat(run("audit", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
    }

    @Test
    void anUnknownThresholdIsAUsageError() {
        assertThat(run("audit", "--fail-on", "severe", "--kubeconfig", kubeconfig.toString())).isEqualTo(2);
        assertThat(err()).startsWith("wharf: ").contains("'severe' is no severity: use critical, high, medium or low");
    }

    private static JsonNode fieldNames(JsonNode o) {
        com.fasterxml.jackson.databind.node.ArrayNode names = new ObjectMapper().createArrayNode();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
