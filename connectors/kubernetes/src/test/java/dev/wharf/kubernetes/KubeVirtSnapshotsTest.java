package dev.wharf.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Snapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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

/** KubeVirt snapshots against the CRUD mock: the exact paths and bodies, restore of a running VM refused, the API missing. */
class KubeVirtSnapshotsTest {
    static final String SRC = "k8s:lab";
    static final String API = "/apis/snapshot.kubevirt.io/v1beta1/namespaces/vms/";
    static final ResourceDefinitionContext SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.kubevirt.io").withVersion("v1beta1").withKind("VirtualMachineSnapshot")
            .withPlural("virtualmachinesnapshots").withNamespaced(true).build();
    static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.kubevirt.io").withVersion("v1beta1").withKind("VirtualMachineRestore")
            .withPlural("virtualmachinerestores").withNamespaced(true).build();
    MockCluster cluster;
    Inventory inventory;
    KubernetesConnection connection;

    @BeforeEach
    void setUp() {
        cluster = MockCluster.start();
        inventory = new Inventory(Runnable::run);
        cluster.createVm(Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        GenericKubernetesResource stopped = Fixtures.load("vm-stopped.yaml", GenericKubernetesResource.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) stopped.getAdditionalProperties().get("status");
        status.put("volumeSnapshotStatuses", List.of(Map.of("name", "rootdisk", "enabled", true),
                Map.of("name", "cloudinitdisk", "enabled", false,
                        "reason", "Snapshot is not supported for this volumeSource type [cloudinitdisk]")));
        cluster.createVm(stopped);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (connection != null) {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(5));
        }
        cluster.close();
    }

    Snapshots connect() throws InterruptedException {
        connection = new KubernetesConnection("lab", cluster.client, inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
        return connection.capability(Snapshots.class).orElseThrow();
    }

    Item vm(String name) {
        return inventory.get(Item.idOf(SRC, Kind.VM, "vms", name)).orElseThrow();
    }

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

    @SuppressWarnings("unchecked")
    Map<String, Object> stored(ResourceDefinitionContext type, String name) {
        GenericKubernetesResource r = cluster.client.genericKubernetesResources(type).inNamespace("vms").withName(name).get();
        try {
            return new ObjectMapper().readValue(cluster.client.getKubernetesSerialization().asJson(r), Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void createListRestoreDeleteWithTheControllersObjects() throws Exception {
        Snapshots snaps = connect();
        Item windows = vm("windows-1");
        assertThat(snaps.covers(windows)).isTrue();
        snaps.create(windows, "before-update", "before the update", false).get(5, TimeUnit.SECONDS);

        RecordedRequest post = requestsTo(API).get(0);
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getPath()).isEqualTo(API + "virtualmachinesnapshots");
        // the CRUD mock consumes a request's body as it stores it: what it stored is the body sent
        Map<String, Object> body = stored(SNAPSHOTS, "before-update");
        assertThat(body).containsEntry("apiVersion", "snapshot.kubevirt.io/v1beta1")
                .containsEntry("kind", "VirtualMachineSnapshot")
                .containsEntry("spec", Map.of("source", Map.of("apiGroup", "kubevirt.io", "kind", "VirtualMachine",
                        "name", "windows-1")));
        assertThat((Map<String, Object>) body.get("metadata")).containsEntry("name", "before-update")
                .containsEntry("annotations", Map.of("wharf.dev/description", "before the update"));

        // the controller's answer: in progress, then ready
        cluster.client.genericKubernetesResources(SNAPSHOTS).inNamespace("vms").withName("before-update").edit(s -> {
            s.getAdditionalProperties().put("status", Map.of("phase", "Succeeded", "readyToUse", true,
                    "creationTime", "2026-11-02T10:00:00Z", "indications", List.of("NoGuestAgent")));
            return s;
        });
        Snapshots.Listing l = snaps.list(windows).get(5, TimeUnit.SECONDS);
        assertThat(l.unavailable()).isNull();
        assertThat(l.memory()).isFalse();
        assertThat(l.snapshots()).hasSize(1);
        Snapshots.Snapshot s = l.snapshots().get(0);
        assertThat(s.name()).isEqualTo("before-update");
        assertThat(s.description()).isEqualTo("before the update");
        assertThat(s.phase()).isEqualTo("Succeeded");
        assertThat(s.readyToUse()).isTrue();
        assertThat(s.indications()).containsExactly("NoGuestAgent");
        assertThat(l.notes()).containsExactly("Disk cloudinitdisk is left out of snapshots: "
                + "Snapshot is not supported for this volumeSource type [cloudinitdisk]");
        assertThat(snaps.list(vm("fedora-1")).get(5, TimeUnit.SECONDS).snapshots()).as("another VM's").isEmpty();

        requestsTo(API);
        snaps.revert(windows, "before-update").get(5, TimeUnit.SECONDS);
        RecordedRequest restore = requestsTo(API).get(0);
        assertThat(restore.getMethod()).isEqualTo("POST");
        assertThat(restore.getPath()).isEqualTo(API + "virtualmachinerestores");
        Map<String, Object> rb = cluster.client.genericKubernetesResources(RESTORES).inNamespace("vms").list().getItems()
                .stream().map(r -> stored(RESTORES, r.getMetadata().getName())).findFirst().orElseThrow();
        assertThat(rb).containsEntry("kind", "VirtualMachineRestore").containsEntry("spec", Map.of(
                "target", Map.of("apiGroup", "kubevirt.io", "kind", "VirtualMachine", "name", "windows-1"),
                "virtualMachineSnapshotName", "before-update"));
        assertThat((String) ((Map<String, Object>) rb.get("metadata")).get("name")).startsWith("restore-before-update-");
        assertThat(snaps.list(windows).get(5, TimeUnit.SECONDS).notes())
                .contains("Restore to before-update is not complete yet.");

        requestsTo(API);
        snaps.delete(windows, "before-update", false).get(5, TimeUnit.SECONDS);
        RecordedRequest delete = requestsTo(API).get(0);
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo(API + "virtualmachinesnapshots/before-update");
        assertThat(snaps.list(windows).get(5, TimeUnit.SECONDS).snapshots()).isEmpty();
    }

    @Test
    void restoreOfARunningVmIsRefusedWithStopFirst() throws Exception {
        Snapshots snaps = connect();
        requestsTo(API);
        assertThatThrownBy(() -> snaps.revert(vm("fedora-1"), "s1").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(Snapshots.StopFirst.class)
                .hasMessageContaining("only into a stopped VM. Stop it first");
        assertThatThrownBy(() -> snaps.create(vm("fedora-1"), "s1", "", true).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("disks only");
        assertThatThrownBy(() -> snaps.create(vm("fedora-1"), "Bad_Name", "", false).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("not allowed");
        assertThat(requestsTo(API)).as("nothing written").isEmpty();
    }

    @Test
    void aClusterWithoutTheSnapshotApiSaysSo() throws Exception {
        cluster.server.expect().get().withPath(API + "virtualmachinesnapshots")
                .andReturn(404, "404 page not found").always();
        Snapshots snaps = connect();
        Snapshots.Listing l = snaps.list(vm("windows-1")).get(5, TimeUnit.SECONDS);
        assertThat(l.unavailable()).contains("no snapshot API").contains("snapshot.kubevirt.io/v1beta1");
        assertThat(l.snapshots()).isEmpty();
        requestsTo(API);
        assertThatThrownBy(() -> snaps.create(vm("windows-1"), "s1", "", false).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("no snapshot API");
        assertThat(requestsTo(API)).as("not asked again").isEmpty();
    }
}
