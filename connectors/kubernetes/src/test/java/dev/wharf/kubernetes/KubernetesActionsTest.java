package dev.wharf.kubernetes;

import static dev.wharf.kubernetes.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lifecycle actions: the exact KubeVirt subresource calls, refusals as WharfExceptions, RBAC in advance. */
class KubernetesActionsTest {
    static final String SRC = "k8s:lab";
    static final String SUB = "/apis/subresources.kubevirt.io/v1/namespaces/vms/";
    MockCluster cluster;
    Inventory inventory;
    KubernetesConnection connection;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        inventory = new Inventory(Runnable::run);
        cluster.createVm(Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vm-stopped.yaml", GenericKubernetesResource.class));
        cluster.client.pods().inNamespace("shop").resource(Fixtures.named("pods.yaml", Pod.class, "web-1")).create();
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

    /** The requests to {@code pathPrefix} made so far, in order. */
    List<RecordedRequest> requestsTo(String pathPrefix) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().startsWith(pathPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void vmLifecycleCallsTheKubeVirtSubresourcesWithTheDocumentedBodies() throws Exception {
        for (String p : List.of("virtualmachines/fedora-1/stop", "virtualmachines/fedora-1/restart",
                "virtualmachines/fedora-1/migrate", "virtualmachineinstances/fedora-1/pause",
                "virtualmachines/windows-1/start")) {
            cluster.server.expect().put().withPath(SUB + p).andReturn(202, "").always();
        }
        connect();
        Item running = item(Kind.VM, "vms", "fedora-1");
        connection.perform(running, Action.STOP).get(5, TimeUnit.SECONDS);
        connection.perform(running, Action.RESTART).get(5, TimeUnit.SECONDS);
        connection.perform(running, Action.MIGRATE).get(5, TimeUnit.SECONDS);
        connection.perform(running, Action.PAUSE).get(5, TimeUnit.SECONDS);
        connection.perform(item(Kind.VM, "vms", "windows-1"), Action.START).get(5, TimeUnit.SECONDS);

        List<RecordedRequest> puts = requestsTo("/apis/subresources.kubevirt.io/");
        assertThat(puts).extracting(RecordedRequest::getMethod).containsOnly("PUT");
        assertThat(puts).extracting(RecordedRequest::getPath).containsExactly(
                SUB + "virtualmachines/fedora-1/stop", SUB + "virtualmachines/fedora-1/restart",
                SUB + "virtualmachines/fedora-1/migrate", SUB + "virtualmachineinstances/fedora-1/pause",
                SUB + "virtualmachines/windows-1/start");
        assertThat(puts).extracting(r -> r.getBody().readUtf8()).containsExactly(
                "{\"gracePeriod\":30}", "{}", "{}", "{}", "{\"paused\":false,\"dryRun\":[]}");
    }

    @SuppressWarnings("unchecked")
    @Test
    void resumeUnpausesThePausedVmi() throws Exception {
        cluster.client.genericKubernetesResources(KubeVirt.VMIS).inNamespace("vms").withName("fedora-1").edit(v -> {
            ((Map<String, Object>) v.getAdditionalProperties().get("status"))
                    .put("conditions", List.of(Map.of("type", "Paused", "status", "True")));
            return v;
        });
        cluster.server.expect().put().withPath(SUB + "virtualmachineinstances/fedora-1/unpause").andReturn(202, "").once();
        connect();
        Item paused = item(Kind.VM, "vms", "fedora-1");
        assertThat(paused.actions()).contains(Action.RESUME).doesNotContain(Action.PAUSE);
        connection.perform(paused, Action.RESUME).get(5, TimeUnit.SECONDS);
        RecordedRequest put = requestsTo(SUB).get(0);
        assertThat(put.getPath()).isEqualTo(SUB + "virtualmachineinstances/fedora-1/unpause");
        assertThat(put.getBody().readUtf8()).isEqualTo("{}");
    }

    @Test
    void conflictComesBackAsAWharfExceptionWithKubeVirtsMessage() throws Exception {
        cluster.server.expect().put().withPath(SUB + "virtualmachines/windows-1/start")
                .andReturn(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"Operation cannot be fulfilled on virtualmachine.kubevirt.io \\\"windows-1\\\": "
                        + "VM is already running\",\"reason\":\"Conflict\",\"code\":409}")
                .once();
        connect();
        Item stopped = item(Kind.VM, "vms", "windows-1");
        assertThatThrownBy(() -> connection.perform(stopped, Action.START).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WharfException.class)
                .hasMessageContaining("Cannot start vm windows-1")
                .hasMessageContaining("VM is already running")
                .hasMessageContaining("try again")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void forbiddenActionSaysWhichRoleToAskFor() throws Exception {
        cluster.server.expect().put().withPath(SUB + "virtualmachines/fedora-1/migrate")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"virtualmachines.subresources.kubevirt.io \\\"fedora-1\\\" is forbidden: User \\\"dev\\\" cannot update "
                        + "resource \\\"virtualmachines/migrate\\\"\",\"reason\":\"Forbidden\",\"code\":403}")
                .once();
        connect();
        assertThatThrownBy(() -> connection.perform(item(Kind.VM, "vms", "fedora-1"), Action.MIGRATE).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class)
                .hasMessageContaining("Not permitted to migrate vm fedora-1")
                .hasMessageContaining("cannot update resource \"virtualmachines/migrate\"")
                .hasMessageContaining("kubevirt.io:migrate");
    }

    @Test
    void actionThatDoesNotFitTheStateIsRefusedWithoutACall() throws Exception {
        connect();
        Item running = item(Kind.VM, "vms", "fedora-1");
        assertThat(running.actions()).doesNotContain(Action.START, Action.RESUME);
        assertThatThrownBy(() -> connection.perform(running, Action.START).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("does not accept start now");
        assertThat(requestsTo(SUB)).isEmpty();
    }

    @Test
    void deletingAPodRemovesItFromTheInventory() throws Exception {
        connect();
        connection.perform(item(Kind.POD, "shop", "web-1"), Action.DELETE).get(5, TimeUnit.SECONDS);
        eventually(() -> assertThat(inventory.get(Item.idOf(SRC, Kind.POD, "shop", "web-1"))).isEmpty());
    }

    @Test
    void rbacDenialKnownInAdvanceLeavesTheActionOutAndSaysWhy() throws Exception {
        cluster.server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReply(201, req -> {
                    String body = req.getBody().readUtf8();
                    boolean migrate = body.contains("\"subresource\":\"migrate\"");
                    return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                            + "\"spec\":{},\"status\":{\"allowed\":" + !migrate + "}}";
                }).always();
        connect();
        eventually(() -> {
            Item vm = item(Kind.VM, "vms", "fedora-1");
            assertThat(vm.actions()).doesNotContain(Action.MIGRATE).contains(Action.STOP, Action.PAUSE);
            assertThat(vm.properties()).containsEntry("Not permitted", "migrate (RBAC)");
        });
        assertThat(item(Kind.POD, "shop", "web-1").actions()).contains(Action.DELETE);
    }
}
