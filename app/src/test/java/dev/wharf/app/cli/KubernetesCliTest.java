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
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line ({@link Main#run}) against fabric8's CRUD mock API server holding
 * fixtures/cluster.yaml, through a kubeconfig file, as a user would run it.
 *
 * <p>One server per test, one command per server: when a watch closes while the CRUD mock sends
 * on it, the mock blocks its event loop for up to a minute (WatchEventsListener.onClosed awaits
 * its executor on the event loop), which would stall a second command on the same server.
 */
class KubernetesCliTest {
    private static final ResourceDefinitionContext VMS = kubevirt("VirtualMachine", "virtualmachines");
    private static final ResourceDefinitionContext VMIS = kubevirt("VirtualMachineInstance", "virtualmachineinstances");
    private static final ResourceDefinitionContext MIGRATIONS =
            kubevirt("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations");
    private static final String START_PATH = "/apis/subresources.kubevirt.io/v1/namespaces/prod/virtualmachines/cache/start";

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
        try (InputStream in = KubernetesCliTest.class.getResourceAsStream("/fixtures/cluster.yaml")) {
            KubernetesList list = Serialization.unmarshal(in, KubernetesList.class);
            for (HasMetadata o : list.getItems()) {
                if (o instanceof GenericKubernetesResource g) {
                    ResourceDefinitionContext ctx = switch (g.getKind()) {
                        case "VirtualMachine" -> VMS;
                        case "VirtualMachineInstance" -> VMIS;
                        default -> MIGRATIONS;
                    };
                    client.genericKubernetesResources(ctx).inNamespace(g.getMetadata().getNamespace()).resource(g).create();
                } else {
                    client.resource(o).create();
                }
            }
        }
        kubeconfig = writeKubeconfig("mock", "http://127.0.0.1:" + server.getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        KubernetesMockServer s = server;
        // not on this thread: destroying waits for the mock's event loop, which a closed watch may block (see above)
        Thread t = new Thread(s::destroy, "mock-server-destroy");
        t.setDaemon(true);
        t.start();
    }

    private Path writeKubeconfig(String context, String url) throws Exception {
        Path file = dir.resolve(context + ".kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "current-context: " + context,
                "clusters:",
                "- name: " + context,
                "  cluster: {server: \"" + url + "\"}",
                "users:",
                "- name: dev",
                "  user: {token: not-a-secret}",
                "contexts:",
                "- name: " + context,
                "  context:",
                "    cluster: " + context,
                "    user: dev",
                "    extensions: # the mock speaks plain HTTP: allow the token over it",
                "    - {name: wharf.dev/allow-plain-http, extension: true}",
                ""));
        return file;
    }

    /** The requests the server got since the last call (its request log). */
    private List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            all.add(r);
        }
        return all;
    }

    private int run(String... args) {
        return Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode named(JsonNode doc, String name) {
        for (JsonNode i : doc.get("items")) {
            if (i.get("name").asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " in " + doc.get("items"));
    }

    private static List<String> names(JsonNode doc) {
        List<String> n = new ArrayList<>();
        doc.get("items").forEach(i -> n.add(i.get("name").asText()));
        return n;
    }

    @Test
    void lsShowsKindsStatesPlacementsAndHidesTheLauncherPod() throws Exception {
        assertThat(run("ls", "-o", "json", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        JsonNode doc = json();
        assertThat(doc.get("sources")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo("k8s:mock");
            assertThat(s.get("type").asText()).isEqualTo("kubernetes");
            assertThat(s.get("status").asText()).isIn("connected", "partial");
        });
        assertThat(names(doc)).containsExactlyInAnyOrder("worker-1", "web-1", "kata-1", "db", "cache");

        JsonNode node = named(doc, "worker-1");
        assertThat(node.get("kind").asText()).isEqualTo("node");
        assertThat(node.get("namespace").isNull()).isTrue();
        assertThat(node.get("state").asText()).isEqualTo("running");

        JsonNode web = named(doc, "web-1");
        assertThat(web.get("kind").asText()).isEqualTo("pod");
        assertThat(web.get("isolation").asText()).isEqualTo("container");
        assertThat(web.get("on").asText()).isEqualTo(node.get("id").asText());

        JsonNode kata = named(doc, "kata-1");
        assertThat(kata.get("kind").asText()).isEqualTo("microvm");
        assertThat(kata.get("isolation").asText()).isEqualTo("microvm");
        assertThat(kata.get("runtime").asText()).isEqualTo("kata-qemu");
        assertThat(kata.get("onName").asText()).isEqualTo("worker-1");

        JsonNode db = named(doc, "db");
        assertThat(db.get("kind").asText()).isEqualTo("vm");
        assertThat(db.get("namespace").asText()).isEqualTo("prod");
        assertThat(db.get("state").asText()).isEqualTo("running");
        assertThat(db.get("on").asText()).isEqualTo(node.get("id").asText());
        assertThat(db.get("uuid").asText()).isEqualTo("5d3b4c2a-1111-4e8b-9c0d-0123456789ab");
        assertThat(db.get("owner").isNull()).isTrue();

        JsonNode cache = named(doc, "cache");
        assertThat(cache.get("state").asText()).isEqualTo("stopped");
        assertThat(cache.get("on").isNull()).isTrue();
        assertThat(cache.get("actions")).extracting(JsonNode::asText).contains("start");
    }

    @Test
    void lsAllShowsTheLauncherPodOwnedByItsVm() throws Exception {
        assertThat(run("ls", "-o", "json", "--all", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        JsonNode doc = json();
        JsonNode launcher = named(doc, "virt-launcher-db-x7k2p");
        assertThat(launcher.get("owner").asText()).isEqualTo(named(doc, "db").get("id").asText());
        assertThat(launcher.get("onName").asText()).isEqualTo("worker-1");
    }

    @Test
    void lsAsATable() {
        assertThat(run("ls", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "NAMESPACE", "KIND", "STATE", "ISOLATION",
                "RUNTIME", "ON", "AGE");
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("kata-1", "default", "microvm",
                "running", "microvm", "kata-qemu", "worker-1"));
    }

    @Test
    void actStartSendsThePutTheServerExpects() throws Exception {
        server.expect().put().withPath(START_PATH).andReturn(202, "{}").once();
        drainRequests();
        assertThat(run("act", "start", "vm/prod/cache", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("vm/prod/cache: start requested\n");
        List<RecordedRequest> puts = drainRequests().stream().filter(r -> r.getMethod().equals("PUT")).toList();
        assertThat(puts).singleElement().satisfies(r -> {
            assertThat(r.getPath()).isEqualTo(START_PATH);
            assertThat(r.getBody().readUtf8()).isEqualTo("{\"paused\":false,\"dryRun\":[]}");
        });
    }

    @Test
    void actMigrateToANodeAddsItsNodeSelector() throws Exception {
        String path = "/apis/subresources.kubevirt.io/v1/namespaces/prod/virtualmachines/db/migrate";
        server.expect().put().withPath(path).andReturn(202, "{}").once();
        drainRequests();
        assertThat(run("act", "migrate", "vm/prod/db", "--to", "worker-2", "--kubeconfig", kubeconfig.toString()))
                .as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("vm/prod/db: migrate to worker-2 requested\n");
        List<RecordedRequest> puts = drainRequests().stream().filter(r -> r.getMethod().equals("PUT")).toList();
        assertThat(puts).singleElement().satisfies(r -> {
            assertThat(r.getPath()).isEqualTo(path);
            assertThat(r.getBody().readUtf8()).isEqualTo("{\"addedNodeSelector\":{\"kubernetes.io/hostname\":\"worker-2\"}}");
        });
    }

    @Test
    void actCordonPatchesTheNode() {
        assertThat(run("act", "cordon", "node/worker-1", "--kubeconfig", kubeconfig.toString())).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("node/worker-1: cordon requested\n");
        assertThat(client.nodes().withName("worker-1").get().getSpec().getUnschedulable()).isTrue();
    }

    @Test
    void actDrainEvictsAndSaysOnOneLineWhatABudgetRefused() throws Exception {
        String evict = "/api/v1/namespaces/%s/pods/%s/eviction";
        server.expect().post().withPath(String.format(evict, "default", "web-1")).andReturn(201, "{}").once();
        server.expect().post().withPath(String.format(evict, "prod", "virt-launcher-db-x7k2p")).andReturn(201, "{}").once();
        server.expect().post().withPath(String.format(evict, "default", "kata-1")).andReturn(429, "{\"kind\":\"Status\","
                + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Cannot evict pod as it would violate the "
                + "pod's disruption budget.\",\"reason\":\"TooManyRequests\",\"code\":429}").always(); // fabric8 retries a 429 once (Wharf's retry limit)
        drainRequests();
        assertThat(run("act", "drain", "node/worker-1", "--kubeconfig", kubeconfig.toString())).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString().isEqualTo("wharf: cannot drain node/worker-1: "
                + "Node worker-1 is cordoned but 1 of 3 pods were not evicted: default/kata-1 (Cannot evict pod as it "
                + "would violate the pod's disruption budget.). Drain again once their budgets allow it.");
        List<String> evictions = drainRequests().stream().filter(r -> r.getPath().endsWith("/eviction"))
                .map(RecordedRequest::getPath).distinct().toList();
        assertThat(evictions).containsExactly(String.format(evict, "default", "kata-1"),
                String.format(evict, "default", "web-1"), String.format(evict, "prod", "virt-launcher-db-x7k2p"));
    }

    @Test
    void aConflictAnswerIsTheServersMessageOnOneLine() {
        server.expect().put().withPath(START_PATH).andReturn(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"message\":\"Operation cannot be fulfilled: VM is already running\","
                + "\"reason\":\"Conflict\",\"code\":409}").once();
        assertThat(run("act", "start", "vm/prod/cache", "--kubeconfig", kubeconfig.toString())).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("wharf: ").contains("VM is already running");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBrokenKubeconfigIsOneLine() throws Exception {
        Path broken = dir.resolve("broken.kubeconfig");
        Files.writeString(broken, "apiVersion: v1\nclusters: [ {name: x\n");
        assertThat(run("ls", "--kubeconfig", broken.toString())).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("wharf: ").contains(broken.toString()).doesNotContain("Exception");
    }

    @Test
    void aMissingKubeconfigIsOneLine() {
        assertThat(run("ls", "--kubeconfig", dir.resolve("nope").toString())).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString().startsWith("wharf: ").contains("not found");
    }

    @Test
    void anUnknownContextIsOneLine() {
        assertThat(run("ls", "--kubeconfig", kubeconfig.toString(), "--context", "staging")).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("wharf: ").contains("staging").contains("mock");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnreachableServerIsOneLineAndExitOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dead = writeKubeconfig("dead", "http://127.0.0.1:" + port);
        assertThat(run("ls", "--kubeconfig", dead.toString())).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("wharf: context dead: ").doesNotContain("\tat ");
    }
}
