package dev.wharf.lab;

import static dev.wharf.lab.LabTesting.eventually;
import static dev.wharf.lab.LabTesting.kubectl;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node and workload actions against the lab, with fabric8 and kubectl: the eviction API (201 and
 * a ReplicaSet's replacement, 429 with the API server's message when a PodDisruptionBudget would
 * be violated), cordon and uncordon, {@code kubectl drain}, {@code kubectl get events}.
 */
class LabEvictionIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static Lab lab;
    static KubernetesClient client;
    @TempDir
    static Path kubectlCache;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        client = lab.client();
    }

    interface Step {
        Object run() throws Exception;
    }

    static final List<Step> afterwards = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void undo() throws Exception {
        for (Step s : afterwards) {
            s.run();
        }
        afterwards.clear();
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    static HttpResponse<String> evict(String ns, String pod) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod
                + "\",\"namespace\":\"" + ns + "\"}}";
        return LabTesting.HTTP.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + "/api/v1/namespaces/" + ns
                        + "/pods/" + pod + "/eviction")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Pod> podsOf(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    @Test
    void evictionHonoursTheDisruptionBudgetWithTheApiServersAnswer() throws Exception {
        Pod storefront = podsOf("shop", "storefront").get(0);
        HttpResponse<String> refused = evict("shop", storefront.getMetadata().getName());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"reason\":\"TooManyRequests\"",
                "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"",
                "The disruption budget storefront needs 3 healthy pods and has 3 currently");
        assertThat(client.pods().resource(storefront).evict()).as("fabric8 reads the 429 as 'not evicted'").isFalse();
        assertThat(client.pods().inNamespace("shop").withName(storefront.getMetadata().getName()).get()).isNotNull();
    }

    @Test
    void anEvictedReplicaSetPodIsReplacedPendingThenRunning() throws Exception {
        Pod old = podsOf("ci", "fc-runner").stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
                .findFirst().orElseThrow();
        String rs = old.getMetadata().getOwnerReferences().get(0).getName();
        List<String> before = podsOf("ci", "fc-runner").stream().map(p -> p.getMetadata().getName()).toList();
        assertThat(client.pods().resource(old).evict()).isTrue();
        assertThat(client.pods().inNamespace("ci").withName(old.getMetadata().getName()).get()).isNull();
        Pod[] fresh = new Pod[1];
        eventually(WAIT, "a new fc-runner pod", () -> {
            fresh[0] = podsOf("ci", "fc-runner").stream().filter(p -> !before.contains(p.getMetadata().getName()))
                    .findFirst().orElse(null);
            return fresh[0] != null;
        });
        assertThat(fresh[0].getMetadata().getName()).startsWith(rs + "-");
        assertThat(fresh[0].getMetadata().getOwnerReferences().get(0).getUid())
                .isEqualTo(old.getMetadata().getOwnerReferences().get(0).getUid());
        String name = fresh[0].getMetadata().getName();
        eventually(WAIT, name + " Running", () -> {
            Pod p = client.pods().inNamespace("ci").withName(name).get();
            return p != null && "Running".equals(p.getStatus().getPhase()) && p.getSpec().getNodeName() != null;
        });
        List<Event> events = client.v1().events().inNamespace("ci").list().getItems();
        assertThat(events).filteredOn(e -> e.getInvolvedObject().getName().equals(old.getMetadata().getName()))
                .extracting(Event::getReason).contains("Killing");
        assertThat(events).filteredOn(e -> e.getInvolvedObject().getName().equals(rs))
                .extracting(Event::getMessage).contains("Created pod: " + name);
        assertThat(events).filteredOn(e -> e.getInvolvedObject().getName().equals(name))
                .extracting(Event::getReason).contains("Scheduled", "Started");
    }

    @Test
    void cordonAndUncordonPatchTheNodeWithFabric8AndKubectl() throws Exception {
        client.nodes().withName("worker-03").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"unschedulable\":true}}");
        assertThat(client.nodes().withName("worker-03").get().getSpec().getUnschedulable()).isTrue();
        client.nodes().withName("worker-03").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"unschedulable\":null}}");
        assertThat(client.nodes().withName("worker-03").get().getSpec().getUnschedulable()).isNull();

        LabTesting.requireKubectl();
        assertThat(kubectl(lab, kubectlCache, "cordon", "worker-03")).contains("node/worker-03 cordoned");
        assertThat(kubectl(lab, kubectlCache, "get", "node", "worker-03")).contains("NotReady,SchedulingDisabled");
        assertThat(kubectl(lab, kubectlCache, "uncordon", "worker-03")).contains("node/worker-03 uncordoned");
        Node n = client.nodes().withName("worker-03").get();
        assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void kubectlDrainEvictsWhatItMayMigratesTheVmsAndStopsAtTheDisruptionBudget() throws Exception {
        LabTesting.requireKubectl();
        List<String> vmisOnWorker02 = client.genericKubernetesResources(LabKubernetesIT.VMI).inAnyNamespace().list()
                .getItems().stream().filter(v -> "worker-02".equals(v.get("status", "nodeName")))
                .map(v -> v.getMetadata().getNamespace() + "/" + v.getMetadata().getName()).toList();
        assertThat(vmisOnWorker02).contains("ci/runner-vm");
        LabTesting.Result drain;
        try {
            drain = LabTesting.kubectlResult(lab, kubectlCache, "drain", "worker-02",
                    "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=25s");
        } finally {
            afterwards.add(() -> kubectl(lab, kubectlCache, "uncordon", "worker-02"));
        }
        assertThat(drain.code()).as("the storefront's budget holds: %s %s", drain.out(), drain.err()).isNotZero();
        assertThat(drain.out()).contains("node/worker-02 cordoned", "evicting pod shop/cart-");
        assertThat(drain.err()).contains("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(client.nodes().withName("worker-02").get().getSpec().getUnschedulable()).isTrue();

        List<Pod> left = client.pods().inAnyNamespace().withField("spec.nodeName", "worker-02").list().getItems();
        assertThat(left).as("what stays on the drained node").allSatisfy(p -> assertThat(
                "DaemonSet".equals(p.getMetadata().getOwnerReferences().isEmpty() ? ""
                        : p.getMetadata().getOwnerReferences().get(0).getKind())
                        || "storefront".equals(p.getMetadata().getLabels().get("app"))
                        || "Succeeded".equals(p.getStatus().getPhase()))
                .as("%s", p.getMetadata().getName()).isTrue());
        for (String vmi : vmisOnWorker02) {
            String[] nsName = vmi.split("/");
            GenericKubernetesResource now = client.genericKubernetesResources(LabKubernetesIT.VMI)
                    .inNamespace(nsName[0]).withName(nsName[1]).get();
            assertThat((Object) now.get("status", "nodeName")).as("%s evacuated", vmi).isNotEqualTo("worker-02");
        }
        assertThat(podsOf("shop", "cart")).as("the evicted cart pod came back elsewhere")
                .hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotEqualTo("worker-02"));

        assertThat(kubectl(lab, kubectlCache, "get", "events", "-n", "shop", "--field-selector", "reason=Killing"))
                .contains("Killing", "Stopping container");
    }

    @Test
    void rolloutRestartPatchesTheTemplateAnnotationWithKubectlAndFabric8() throws Exception {
        client.apps().deployments().inNamespace("analytics").withName("ingest-api").rolling().restart();
        assertThat(client.apps().deployments().inNamespace("analytics").withName("ingest-api").get().getSpec()
                .getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        LabTesting.requireKubectl();
        assertThat(kubectl(lab, kubectlCache, "rollout", "restart", "deploy/storefront", "-n", "shop"))
                .contains("deployment.apps/storefront restarted");
        assertThat(client.apps().deployments().inNamespace("shop").withName("storefront").get().getSpec()
                .getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    void kubectlGetEventsShowsWhatWentWrong() throws Exception {
        LabTesting.requireKubectl();
        String shop = kubectl(lab, kubectlCache, "get", "events", "-n", "shop");
        assertThat(shop).contains("BackOff", "Back-off restarting failed container image-resizer",
                "Failed to pull image \"registry.example/payments:2.3.1\"");
        String oom = kubectl(lab, kubectlCache, "get", "events", "-A", "--field-selector", "reason=OOMKilling");
        assertThat(oom).contains("node/worker-01", "Memory cgroup out of memory");
        assertThat(oom.lines().count()).isEqualTo(2);
        String pods = kubectl(lab, kubectlCache, "get", "pods", "-n", "shop", "search-0");
        assertThat(pods).contains("Init:CrashLoopBackOff");
        String owners = kubectl(lab, kubectlCache, "get", "deploy,rs,sts,ds,job,cronjob,pdb", "-A");
        assertThat(owners).contains("deployment.apps/payments", "replicaset.apps/payments-5b8c7d9f4",
                "statefulset.apps/postgres", "daemonset.apps/kube-proxy", "job.batch/nightly-rollup-28926840",
                "cronjob.batch/nightly-rollup", "poddisruptionbudget.policy/storefront");
    }
}
