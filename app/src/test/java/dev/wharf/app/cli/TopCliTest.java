package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
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

/** {@code wharf top} ({@link Main#run}) against fabric8's CRUD mock serving metrics-server's lists. */
class TopCliTest {
    private static final String SRC = "k8s:mock";
    private KubernetesMockServer server;
    private KubernetesClient client;
    @TempDir
    Path dir;
    private Path kubeconfig;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void cluster() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        MockDiscovery.serve(server);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"))).endStatus().build())
                .create();
        for (String name : List.of("web-1", "sandboxed-1")) {
            client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name)
                    .withNamespace("shop").endMetadata().withNewSpec().withNodeName("node-a").addNewContainer()
                    .withName("app").withImage("nginx").withNewResources()
                    .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi"))).endResources()
                    .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/nodes").andReturn(200, """
                {"kind":"NodeMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
                  {"metadata":{"name":"node-a"},"timestamp":"2026-12-02T10:00:00Z","window":"10.5s",
                   "usage":{"cpu":"1500000000n","memory":"2097152Ki"}}]}""").always();
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/pods").andReturn(200, """
                {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
                  {"metadata":{"name":"web-1","namespace":"shop"},"timestamp":"2026-12-02T10:00:01Z","window":"15s",
                   "containers":[{"name":"app","usage":{"cpu":"250m","memory":"128Mi"}}]}]}""").always();
        kubeconfig = dir.resolve("mock.kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config", "current-context: mock",
                "clusters:", "- name: mock", "  cluster: {server: \"http://127.0.0.1:" + server.getPort() + "\"}",
                "users:", "- name: dev", "  user: {token: not-a-secret}",
                "contexts:", "- name: mock",
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

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void jsonFieldByField() throws Exception {
        assertThat(run("top", "-o", "json", "--sort", "cpu", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(names(doc)).containsExactly("items");
        JsonNode items = doc.get("items");
        assertThat(items).hasSize(3);

        JsonNode node = items.get(0); // highest CPU first
        assertThat(names(node)).containsExactly("id", "kind", "name", "namespace", "cpu", "memory", "disk", "net",
                "window", "source");
        assertThat(node.get("id").asText()).isEqualTo(SRC + "|node/node-a");
        assertThat(node.get("kind").asText()).isEqualTo("node");
        assertThat(node.get("name").asText()).isEqualTo("node-a");
        assertThat(node.get("namespace").isNull()).isTrue();
        assertThat(names(node.get("cpu"))).containsExactly("cores", "percent");
        assertThat(node.get("cpu").get("cores").asDouble()).isEqualTo(1.5);
        assertThat(node.get("cpu").get("percent").asDouble()).isEqualTo(37.5);
        assertThat(names(node.get("memory"))).containsExactly("bytes", "percent");
        assertThat(node.get("memory").get("bytes").asLong()).isEqualTo(2L << 30);
        assertThat(node.get("memory").get("percent").asDouble()).isEqualTo(25.0);
        assertThat(names(node.get("disk"))).containsExactly("readBps", "writeBps");
        assertThat(node.get("disk").get("readBps").isNull()).isTrue(); // unknown: null, never 0
        assertThat(node.get("disk").get("writeBps").isNull()).isTrue();
        assertThat(names(node.get("net"))).containsExactly("rxBps", "txBps");
        assertThat(node.get("net").get("rxBps").isNull()).isTrue();
        assertThat(node.get("window").asDouble()).isEqualTo(10.5);
        assertThat(node.get("source").asText()).isEqualTo(SRC);

        JsonNode web = items.get(1);
        assertThat(web.get("id").asText()).isEqualTo(SRC + "|pod/shop/web-1");
        assertThat(web.get("namespace").asText()).isEqualTo("shop");
        assertThat(web.get("cpu").get("cores").asDouble()).isEqualTo(0.25);
        assertThat(web.get("cpu").get("percent").asDouble()).isEqualTo(25.0);
        assertThat(web.get("memory").get("bytes").asLong()).isEqualTo(128L << 20);
        assertThat(web.get("memory").get("percent").asDouble()).isEqualTo(25.0);
        assertThat(web.get("window").asDouble()).isEqualTo(15.0);

        // a pod metrics-server does not measure (a sandbox): every figure null
        JsonNode sandboxed = items.get(2);
        assertThat(sandboxed.get("name").asText()).isEqualTo("sandboxed-1");
        assertThat(sandboxed.get("cpu").get("cores").isNull()).isTrue();
        assertThat(sandboxed.get("cpu").get("percent").isNull()).isTrue();
        assertThat(sandboxed.get("memory").get("bytes").isNull()).isTrue();
        assertThat(sandboxed.get("window").isNull()).isTrue();
    }

    @Test
    void tableLikeKubectlTopAndNaForTheUnmeasured() {
        assertThat(run("top", "pods", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("KIND").contains("CPU(cores)", "CPU%",
                "MEMORY(bytes)", "MEMORY%");
        assertThat(table).containsPattern("pod +shop +web-1 +250m +25% +128Mi +25%");
        assertThat(table).containsPattern("pod +shop +sandboxed-1 +n/a +n/a +n/a +n/a");
        assertThat(table).doesNotContain("node-a");
    }
}
