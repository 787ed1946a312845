package dev.wharf.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.DefinitionEditor.Definition;
import dev.wharf.inventory.DefinitionEditor.Outcome;
import dev.wharf.inventory.DefinitionEditor.Verdict;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Editing a definition against the CRUD mock, the way a real API server answers: a dry run
 * ({@code PUT …?dryRun=All}) that stores nothing, then the update with the loaded resourceVersion;
 * a 409 after a concurrent change. The mock itself stores dry runs and answers a stale
 * resourceVersion with 422 Invalid, so those two answers are the real server's, given as
 * expectations; every request is checked in the mock's request log.
 */
class KubernetesDefinitionsTest {
    static final String SRC = "k8s:lab";
    static final String POD_PATH = "/api/v1/namespaces/shop/pods/web";
    static final String CONFLICT = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Operation cannot be fulfilled on pods \\\"web\\\": the object has been modified; please apply "
            + "your changes to the latest version and try again\",\"reason\":\"Conflict\","
            + "\"details\":{\"name\":\"web\",\"kind\":\"pods\"},\"code\":409}";
    static final String INVALID = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Pod \\\"web\\\" is invalid: spec: Forbidden: pod updates may not change fields other than "
            + "`spec.containers[*].image`\",\"reason\":\"Invalid\",\"details\":{\"name\":\"web\",\"kind\":\"Pod\","
            + "\"causes\":[{\"reason\":\"FieldValueForbidden\",\"message\":\"Forbidden: pod updates may not change fields "
            + "other than `spec.containers[*].image`\",\"field\":\"spec\"}]},\"code\":422}";

    MockCluster cluster;
    ExecutorService blocking;
    KubernetesDefinitions editor;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        blocking = Executors.newCachedThreadPool();
        editor = new KubernetesDefinitions(SRC, "lab", cluster.client, blocking);
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").addToLabels("app", "web")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update").build())
                .endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        cluster.client.pods().inNamespace("shop").resource(pod).create();
        drain();
    }

    @AfterEach
    void tearDown() {
        blocking.shutdownNow();
        cluster.close();
    }

    static Item pod() {
        return Item.builder(Item.idOf(SRC, Kind.POD, "shop", "web"), SRC, Kind.POD, "web").namespace("shop").build();
    }

    /** The PUTs since the last call (the log is drained). */
    List<RecordedRequest> puts() {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : drain()) {
            if (r.getMethod().equals("PUT")) {
                out.add(r);
            }
        }
        return out;
    }

    List<RecordedRequest> drain() {
        List<RecordedRequest> out = new ArrayList<>();
        try {
            RecordedRequest r;
            while ((r = cluster.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
                out.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    static String resourceVersionIn(RecordedRequest r) {
        GenericKubernetesResource sent = Serialization.unmarshal(r.getBody().readUtf8(), GenericKubernetesResource.class);
        return sent.getMetadata().getResourceVersion();
    }

    Definition load(Item item) throws Exception {
        return editor.load(item).get(10, TimeUnit.SECONDS);
    }

    Pod live() {
        return cluster.client.pods().inNamespace("shop").withName("web").get();
    }

    @Test
    void theEditorShowsNeitherStatusNorWhatTheServerManagesAndKeepsTheResourceVersionAside() throws Exception {
        Definition d = load(pod());
        assertThat(d.language()).isEqualTo("yaml");
        assertThat(d.label()).isEqualTo("Pod shop/web");
        assertThat(d.text()).startsWith("apiVersion: v1\nkind: Pod\n").contains("name: web", "image: nginx:1.27", "app: web")
                .doesNotContain("status:", "phase", "managedFields", "resourceVersion", "uid:", "creationTimestamp");
        assertThat(d.version()).isEqualTo(live().getMetadata().getResourceVersion()).isNotBlank();
        assertThat(live().getMetadata().getManagedFields()).isNotEmpty(); // the live object keeps them
    }

    @Test
    void aDryRunGoesFirstWritesNothingThenTheUpdateCarriesTheLoadedResourceVersion() throws Exception {
        Definition d = load(pod());
        drain();
        // a real API server answers a dry run with the object it would store, and stores nothing
        cluster.server.expect().put().withPath(POD_PATH + "?dryRun=All").andReturn(200, live()).once();
        String edited = d.text().replace("app: web", "app: web\n    tier: front");

        Verdict dry = editor.dryRun(d, edited).get(10, TimeUnit.SECONDS);
        assertThat(dry.outcome()).isEqualTo(Outcome.VALID);
        List<RecordedRequest> dryPuts = puts();
        assertThat(dryPuts).hasSize(1);
        assertThat(dryPuts.get(0).getPath()).isEqualTo(POD_PATH + "?dryRun=All");
        assertThat(resourceVersionIn(dryPuts.get(0))).isEqualTo(d.version());
        assertThat(live().getMetadata().getLabels()).doesNotContainKey("tier");

        Verdict applied = editor.apply(d, edited).get(10, TimeUnit.SECONDS);
        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(applied.written()).isTrue();
        List<RecordedRequest> updates = puts();
        assertThat(updates).extracting(RecordedRequest::getPath).containsExactly(POD_PATH);
        assertThat(live().getMetadata().getLabels()).containsEntry("tier", "front");
    }

    @Test
    void aChangeMadeMeanwhileIsAConflictNothingIsOverwrittenAndTheNewDiffApplies() throws Exception {
        Definition d = load(pod());
        // someone else relabels the pod: the server's resourceVersion moves on
        cluster.client.pods().inNamespace("shop").withName("web")
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("owner", "ops").endMetadata().build());
        String newVersion = live().getMetadata().getResourceVersion();
        assertThat(newVersion).isNotEqualTo(d.version());
        drain();
        cluster.server.expect().put().withPath(POD_PATH).andReturn(409, CONFLICT).once();
        String edited = d.text().replace("app: web", "app: web\n    tier: front");

        Verdict v = editor.apply(d, edited).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(v.message()).contains("Pod shop/web was changed on the server", "the object has been modified",
                "Nothing was written");
        List<RecordedRequest> sent = puts();
        assertThat(sent).hasSize(1);
        assertThat(resourceVersionIn(sent.get(0))).isEqualTo(d.version());
        assertThat(live().getMetadata().getLabels()).containsEntry("owner", "ops").doesNotContainKey("tier");

        // "Show the new diff": the new live definition as the base, the same edit on top of it
        Definition fresh = load(pod());
        assertThat(fresh.version()).isEqualTo(newVersion);
        assertThat(fresh.text()).contains("owner: ops");
        String rebased = fresh.text().replace("app: web", "app: web\n    tier: front");
        drain();
        assertThat(editor.apply(fresh, rebased).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.APPLIED);
        List<RecordedRequest> second = puts();
        assertThat(second).extracting(RecordedRequest::getPath).containsExactly(POD_PATH);
        assertThat(live().getMetadata().getLabels()).containsEntry("owner", "ops").containsEntry("tier", "front");
    }

    @Test
    void theServersWarningsComeBackInTheVerdict() throws Exception {
        Definition d = load(pod());
        // what an admission webhook's warnings look like on the wire (one header each, RFC 7234 form)
        cluster.server.expect().put().withPath(POD_PATH + "?dryRun=All").andReturn(200, live())
                .withHeader("Warning", "299 - \"spec.running is deprecated, please use spec.runStrategy instead.\"")
                .withHeader("Warning", "299 - \"the \\\"tier\\\" label is reserved\"")
                .once();
        Verdict v = editor.dryRun(d, d.text().replace("app: web", "app: web\n    tier: front")).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.VALID);
        assertThat(v.warnings()).containsExactly("spec.running is deprecated, please use spec.runStrategy instead.",
                "the \"tier\" label is reserved");
        assertThat(ServerWarnings.of(List.of("unusual form"))).containsExactly("unusual form");
        assertThat(ServerWarnings.of(List.of("299 - \"a\"", "299 - \"a\"", " "))).as("once each").containsExactly("a");
    }

    @Test
    void aRefusalCarriesTheServersWords() throws Exception {
        Definition d = load(pod());
        cluster.server.expect().put().withPath(POD_PATH + "?dryRun=All").andReturn(422, INVALID).once();
        Verdict v = editor.dryRun(d, d.text().replace("name: app", "name: app2")).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.message()).startsWith("The server refuses this change (dry run) (422): ")
                .contains("pod updates may not change fields other than `spec.containers[*].image`");
        assertThat(live().getSpec().getContainers().get(0).getName()).isEqualTo("app");
    }

    @Test
    void badYamlAndARenamedOrRekindedObjectAreRefusedHereWithNothingSent() throws Exception {
        Definition d = load(pod());
        drain();
        String broken = d.text().replace("app: web", "app: [web");
        Verdict parse = editor.apply(d, broken).get(10, TimeUnit.SECONDS);
        assertThat(parse.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(parse.problems()).hasSize(1);
        DefinitionEditor.Problem p = parse.problems().get(0);
        assertThat(p.line()).isPositive();
        assertThat(p.message()).startsWith("Not valid YAML");

        List<DefinitionEditor.Problem> renamed = editor.validate(d, d.text().replace("name: web", "name: web2"));
        assertThat(renamed).extracting(DefinitionEditor.Problem::message)
                .containsExactly("metadata.name was changed from 'web' to 'web2': an edit cannot rename or move an "
                        + "object. Put it back (to make another object, create it).");
        assertThat(editor.validate(d, d.text().replace("kind: Pod", "kind: Service")))
                .extracting(DefinitionEditor.Problem::message).anyMatch(m -> m.startsWith("kind was changed from 'Pod'"));
        assertThat(editor.validate(d, d.text().replace("namespace: shop", "namespace: other")))
                .extracting(DefinitionEditor.Problem::message).anyMatch(m -> m.startsWith("metadata.namespace was changed"));
        assertThat(editor.validate(d, d.text() + "---\nkind: Pod\n")).extracting(DefinitionEditor.Problem::message)
                .anyMatch(m -> m.startsWith("More than one YAML document"));
        assertThat(editor.apply(d, "  ").get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(editor.apply(d, d.text()).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(editor.validate(d, d.text())).isEmpty();
        assertThat(puts()).isEmpty();
    }

    @Test
    void aVirtualMachineAndANodesTaintsThroughTheConnectionsCapability() throws Exception {
        GenericKubernetesResource vm = new GenericKubernetesResource();
        vm.setApiVersion("kubevirt.io/v1");
        vm.setKind("VirtualMachine");
        vm.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("db").withNamespace("shop").build());
        vm.setAdditionalProperties(Map.of("spec", Map.of("runStrategy", "Always", "template",
                Map.of("spec", Map.of("domain", Map.of("cpu", Map.of("cores", 1)))))));
        cluster.createVm(vm);
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewSpec().endSpec().withNewStatus().endStatus().build()).create();

        KubernetesConnection connection = new KubernetesConnection("lab", cluster.client, new Inventory(Runnable::run));
        try {
            connection.start();
            assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
            DefinitionEditor e = connection.capability(DefinitionEditor.class).orElseThrow();
            Item vmItem = Item.builder(Item.idOf(SRC, Kind.VM, "shop", "db"), SRC, Kind.VM, "db").namespace("shop").build();
            assertThat(e.canEdit(vmItem)).isTrue();
            Definition d = e.load(vmItem).get(10, TimeUnit.SECONDS);
            assertThat(d.text()).contains("kind: VirtualMachine", "cores: 1");
            assertThat(e.apply(d, d.text().replace("cores: 1", "cores: 2")).get(10, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.APPLIED);
            assertThat(cluster.client.genericKubernetesResources(KubeVirt.VMS).inNamespace("shop").withName("db").get()
                    .get("spec", "template", "spec", "domain", "cpu", "cores").toString()).isEqualTo("2");

            Item node = Item.builder(Item.idOf(SRC, Kind.NODE, null, "node-a"), SRC, Kind.NODE, "node-a").build();
            Definition n = e.load(node).get(10, TimeUnit.SECONDS);
            assertThat(n.label()).isEqualTo("Node node-a");
            String tainted = n.text().replace("spec: {}", "spec:\n  taints:\n  - key: gpu\n    value: \"true\"\n    effect: NoSchedule")
                    .replace("metadata:\n  name: node-a", "metadata:\n  name: node-a\n  labels:\n    pool: gpu");
            assertThat(e.validate(n, tainted)).isEmpty();
            assertThat(e.apply(n, tainted).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.APPLIED);
            var live = cluster.client.nodes().withName("node-a").get();
            assertThat(live.getSpec().getTaints()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("gpu");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(live.getMetadata().getLabels()).containsEntry("pool", "gpu");
        } finally {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(5));
        }
    }
}
