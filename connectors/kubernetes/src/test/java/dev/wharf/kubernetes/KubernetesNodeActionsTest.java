package dev.wharf.kubernetes;

import static dev.wharf.kubernetes.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.TargetedMigration;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node actions (cordon, uncordon, drain through the eviction API), a workload's rollout restart,
 * migrate to a chosen node and cancel a migration: the exact calls, against the CRUD mock.
 */
class KubernetesNodeActionsTest {
    static final String SRC = "k8s:lab";
    static final String EVICT = "/api/v1/namespaces/shop/pods/%s/eviction";
    static final String PDB_REFUSAL = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\","
            + "\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\","
            + "\"message\":\"The disruption budget db-pdb needs 1 healthy pods and has 1 currently\"}]},\"code\":429}";
    MockCluster cluster;
    Inventory inventory;
    KubernetesConnection connection;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        inventory = new Inventory(Runnable::run);
        for (HasMetadata o : Fixtures.list("explain-drain.yaml", HasMetadata.class)) {
            if (o instanceof Node n) {
                cluster.client.nodes().resource(n).create();
            } else {
                cluster.client.pods().inNamespace(o.getMetadata().getNamespace()).resource((Pod) o).create();
            }
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (connection != null) {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(5));
        }
        cluster.close();
    }

    void connect() throws InterruptedException {
        connection = new KubernetesConnection("lab", cluster.client, inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
    }

    Item item(Kind kind, String ns, String name) {
        return inventory.get(Item.idOf(SRC, kind, ns, name)).orElseThrow();
    }

    List<RecordedRequest> requests(String method, String pathPrefix) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (r.getMethod().equals(method) && r.getPath().startsWith(pathPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void cordonAndUncordonPatchSpecUnschedulableAndTheNodeSaysSo() throws Exception {
        connect();
        Item a = item(Kind.NODE, null, "node-a");
        assertThat(a.actions()).contains(Action.CORDON, Action.DRAIN).doesNotContain(Action.UNCORDON);
        connection.perform(a, Action.CORDON).get(10, TimeUnit.SECONDS);
        List<RecordedRequest> patches = requests("PATCH", "/api/v1/nodes/node-a");
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).getHeader("Content-Type")).startsWith("application/merge-patch+json");
        // the CRUD mock consumes a body it applies: check what it applied
        assertThat(cluster.client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isTrue();
        eventually(() -> assertThat(item(Kind.NODE, null, "node-a").actions()).contains(Action.UNCORDON)
                .doesNotContain(Action.CORDON));
        assertThat(item(Kind.NODE, null, "node-a").status()).isEqualTo("Ready,SchedulingDisabled");

        connection.perform(item(Kind.NODE, null, "node-a"), Action.UNCORDON).get(10, TimeUnit.SECONDS);
        assertThat(requests("PATCH", "/api/v1/nodes/node-a")).hasSize(1);
        assertThat(cluster.client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isNull();
        eventually(() -> assertThat(item(Kind.NODE, null, "node-a").actions()).contains(Action.CORDON));
    }

    @Test
    void drainPlanLeavesDaemonSetAndMirrorPodsAndOnlyCoversTheNode() throws Exception {
        connect();
        Drainer d = connection.capability(Drainer.class).orElseThrow();
        Drainer.Plan plan = d.planDrain(item(Kind.NODE, null, "node-a")).get(10, TimeUnit.SECONDS);
        assertThat(plan.evict()).containsExactly("shop/db-0", "shop/payments-7f6c9d8b5-5mxkq");
        assertThat(plan.skip()).extracting(Drainer.Skipped::pod).containsExactly("kube-system/etcd-node-a",
                "kube-system/kube-proxy-x2k4");
        assertThat(plan.skip()).extracting(Drainer.Skipped::why).anyMatch(w -> w.startsWith("mirror pod"))
                .anyMatch(w -> w.startsWith("DaemonSet pod"));
    }

    @Test
    void drainCordonsThenEvictsEachPodAndReportsWhatABudgetRefused() throws Exception {
        cluster.server.expect().post().withPath(String.format(EVICT, "payments-7f6c9d8b5-5mxkq"))
                .andReturn(201, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}").once();
        cluster.server.expect().post().withPath(String.format(EVICT, "db-0")).andReturn(429, PDB_REFUSAL).always();
        connect();
        List<Drainer.Outcome> heard = new CopyOnWriteArrayList<>();
        List<Drainer.Outcome> outcomes = connection.capability(Drainer.class).orElseThrow()
                .drain(item(Kind.NODE, null, "node-a"), heard::add).get(20, TimeUnit.SECONDS);

        assertThat(outcomes).containsExactly(
                new Drainer.Outcome("shop/db-0", Drainer.Result.REFUSED,
                        "Cannot evict pod as it would violate the pod's disruption budget."),
                new Drainer.Outcome("shop/payments-7f6c9d8b5-5mxkq", Drainer.Result.EVICTED, ""));
        assertThat(heard).as("progress hears each pod as it happens").isEqualTo(outcomes);
    }

    @Test
    void drainSendsPolicyV1EvictionsAfterTheCordon() throws Exception {
        cluster.server.expect().post().withPath(String.format(EVICT, "payments-7f6c9d8b5-5mxkq")).andReturn(201, "{}").once();
        cluster.server.expect().post().withPath(String.format(EVICT, "db-0")).andReturn(201, "{}").once();
        connect();
        requests("-", "-"); // forget the fixtures' creation
        connection.perform(item(Kind.NODE, null, "node-a"), Action.DRAIN).get(20, TimeUnit.SECONDS);
        List<RecordedRequest> all = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!r.getMethod().equals("GET")) {
                all.add(r);
            }
        }
        List<RecordedRequest> writes = all.stream().filter(x -> x.getPath().startsWith("/api/v1/")).toList();
        assertThat(writes).extracting(x -> x.getMethod() + " " + x.getPath()).containsExactly(
                "PATCH /api/v1/nodes/node-a",
                "POST " + String.format(EVICT, "db-0"),
                "POST " + String.format(EVICT, "payments-7f6c9d8b5-5mxkq"));
        assertThat(writes.get(2).getBody().readUtf8()).isEqualTo("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"payments-7f6c9d8b5-5mxkq\",\"namespace\":\"shop\"}}");
    }

    @Test
    void aServerWithoutTheEvictionApiIsNotTakenForAnEvictedPod() throws Exception {
        cluster.server.expect().post().withPath(String.format(EVICT, "db-0")).andReturn(404, "{\"kind\":\"Status\","
                + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server could not find the requested "
                + "resource\",\"code\":404}").always();
        cluster.client.pods().inNamespace("shop").withName("payments-7f6c9d8b5-5mxkq").delete(); // one pod is enough here
        connect();
        List<Drainer.Outcome> outcomes = connection.capability(Drainer.class).orElseThrow()
                .drain(item(Kind.NODE, null, "node-a"), o -> { }).get(20, TimeUnit.SECONDS);
        assertThat(outcomes).extracting(Drainer.Outcome::pod, Drainer.Outcome::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shop/db-0", Drainer.Result.FAILED));
        assertThat(outcomes.get(0).message()).isEqualTo("this server has no eviction API (404; the pod is still there)");
    }

    @Test
    void drainFromTheCommandLineFailsNamingWhatWasRefused() throws Exception {
        cluster.server.expect().post().withPath(String.format(EVICT, "payments-7f6c9d8b5-5mxkq")).andReturn(201, "{}").once();
        cluster.server.expect().post().withPath(String.format(EVICT, "db-0")).andReturn(429, PDB_REFUSAL).always();
        connect();
        assertThatThrownBy(() -> connection.perform(item(Kind.NODE, null, "node-a"), Action.DRAIN).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WharfException.class)
                .hasMessage("Node node-a is cordoned but 1 of 2 pods were not evicted: shop/db-0 (Cannot evict pod as it "
                        + "would violate the pod's disruption budget.). Drain again once their budgets allow it.");
    }

    @Test
    void restartWorkloadPatchesTheDeploymentsTemplateLikeRolloutRestart() throws Exception {
        String path = "/apis/apps/v1/namespaces/shop/deployments/payments";
        cluster.server.expect().patch().withPath(path).andReturn(200, "{}").once();
        connect();
        Item pod = item(Kind.POD, "shop", "payments-7f6c9d8b5-5mxkq");
        Instant before = Instant.now().minusSeconds(1);
        connection.perform(pod, Action.RESTART_WORKLOAD).get(10, TimeUnit.SECONDS);
        RecordedRequest p = requests("PATCH", path).get(0);
        assertThat(p.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        String body = p.getBody().readUtf8();
        assertThat(body).matches("\\{\"spec\":\\{\"template\":\\{\"metadata\":\\{\"annotations\":\\{"
                + "\"kubectl.kubernetes.io/restartedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"}}}}}");
        Instant at = Instant.parse(body.replaceAll(".*restartedAt\":\"([^\"]+)\".*", "$1"));
        assertThat(at).isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Instant.now());
    }

    @Test
    void migrateToAChosenNodeAddsANodeSelectorAndCancelDeletesTheMigration() throws Exception {
        cluster.createVm(Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        String put = "/apis/subresources.kubevirt.io/v1/namespaces/vms/virtualmachines/fedora-1/migrate";
        cluster.server.expect().put().withPath(put).andReturn(202, "").once();
        connect();
        Item vm = item(Kind.VM, "vms", "fedora-1");
        TargetedMigration t = connection.capability(TargetedMigration.class).orElseThrow();
        assertThat(t.migrationTargets(vm)).as("not node-a (it runs there), not node-c (cordoned)").containsExactly("node-b");
        t.migrate(vm, "node-b").get(10, TimeUnit.SECONDS);
        assertThat(requests("PUT", put).get(0).getBody().readUtf8())
                .isEqualTo("{\"addedNodeSelector\":{\"kubernetes.io/hostname\":\"node-b\"}}");

        cluster.createVm(Fixtures.load("migration-fedora.yaml", GenericKubernetesResource.class));
        eventually(() -> assertThat(item(Kind.VM, "vms", "fedora-1").actions()).contains(Action.CANCEL_MIGRATION));
        connection.perform(item(Kind.VM, "vms", "fedora-1"), Action.CANCEL_MIGRATION).get(10, TimeUnit.SECONDS);
        assertThat(cluster.client.genericKubernetesResources(KubeVirt.MIGRATIONS).inNamespace("vms")
                .withName("fedora-1-mig-abc").get()).isNull();
        eventually(() -> assertThat(item(Kind.VM, "vms", "fedora-1").actions()).doesNotContain(Action.CANCEL_MIGRATION));
    }
}
