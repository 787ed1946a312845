package dev.wharf.kubernetes;

import static dev.wharf.kubernetes.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection against fabric8's CRUD mock server: informers → inventory, status, describe, events. */
class KubernetesConnectionTest {
    static final String SRC = "k8s:lab";
    MockCluster cluster;
    Inventory inventory;
    KubernetesConnection connection;

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
        for (RuntimeClass rc : Fixtures.list("runtimeclasses.yaml", RuntimeClass.class)) {
            cluster.client.resources(RuntimeClass.class).resource(rc).create();
        }
        cluster.client.nodes().resource(Fixtures.load("node.yaml", Node.class)).create();
        for (Pod p : Fixtures.list("pods.yaml", Pod.class)) {
            cluster.client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
        }
        for (Pod p : Fixtures.list("microvm-pods.yaml", Pod.class)) {
            cluster.client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
        }
        cluster.client.pods().inNamespace("vms").resource(Fixtures.load("launcher-pod.yaml", Pod.class)).create();
        cluster.createVm(Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        cluster.createVm(Fixtures.load("vm-stopped.yaml", GenericKubernetesResource.class));
    }

    KubernetesConnection connect() throws InterruptedException {
        connection = new KubernetesConnection("lab", cluster.client, inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).as("initial sync").isTrue();
        return connection;
    }

    Item item(Kind kind, String ns, String name) {
        return inventory.get(Item.idOf(SRC, kind, ns, name)).orElseThrow(
                () -> new AssertionError("no " + kind.wire() + " " + ns + "/" + name + " in " + inventory.snapshot().items()));
    }

    SourceInfo source() {
        return inventory.source(SRC).orElseThrow();
    }

    @Test
    void firstSyncPutsNodesPodsMicroVmsAndVmsIntoTheInventory() throws Exception {
        seed();
        connect();
        assertThat(source().status()).isEqualTo(SourceStatus.CONNECTED);
        assertThat(item(Kind.NODE, null, "node-k").uuid()).isEqualTo("4c4c4544-0042-3510-8048-b4c04f4e3132");
        assertThat(item(Kind.POD, "shop", "web-1").state()).isEqualTo(State.RUNNING);
        assertThat(item(Kind.MICROVM, "sandbox", "fc-1").runtime()).isEqualTo("kata-fc");
        assertThat(item(Kind.MICROVM, "sandbox", "untrusted-1").isolation()).isEqualTo(Isolation.SANDBOX);
        assertThat(item(Kind.POD, "sandbox", "lookalike-1").isolation()).isEqualTo(Isolation.CONTAINER);
        Item vm = item(Kind.VM, "vms", "fedora-1");
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.on()).isEqualTo(Item.idOf(SRC, Kind.NODE, null, "node-a"));
        assertThat(vm.uuid()).isEqualTo("5d3b4c2a-1111-4e8b-9c0d-0123456789ab");
        assertThat(vm.consoles()).containsExactly(ConsoleType.SERIAL, ConsoleType.VNC);
        assertThat(item(Kind.VM, "vms", "windows-1").actions()).containsExactly(Action.START);
        Item launcher = item(Kind.POD, "vms", "virt-launcher-fedora-1-x7k2p");
        assertThat(launcher.owner()).isEqualTo(vm.id());
        assertThat(inventory.snapshot().items().stream().filter(Item::listedByDefault).map(Item::name))
                .doesNotContain("virt-launcher-fedora-1-x7k2p").contains("fedora-1", "web-1", "fc-1");
        assertThat(inventory.snapshot().items().stream().filter(i -> i.kind() == Kind.VM)).hasSize(2);
        assertThat(item(Kind.MICROVM, "sandbox", "qemu-1").consoles())
                .containsExactlyInAnyOrder(ConsoleType.EXEC, ConsoleType.ATTACH);
    }

    @Test
    void addUpdateAndDeleteReachTheInventory() throws Exception {
        connect();
        Pod pod = new PodBuilder().withNewMetadata().withName("new-1").withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
        cluster.client.pods().inNamespace("shop").resource(pod).create();
        eventually(() -> assertThat(item(Kind.POD, "shop", "new-1").state()).isEqualTo(State.PENDING));

        cluster.client.pods().inNamespace("shop").withName("new-1").edit(p -> new PodBuilder(p)
                .editSpec().withNodeName("node-a").endSpec()
                .editStatus().withPhase("Running").endStatus().build());
        eventually(() -> {
            Item i = item(Kind.POD, "shop", "new-1");
            assertThat(i.state()).isEqualTo(State.RUNNING);
            assertThat(i.on()).isEqualTo(Item.idOf(SRC, Kind.NODE, null, "node-a"));
        });

        cluster.client.pods().inNamespace("shop").withName("new-1").delete();
        eventually(() -> assertThat(inventory.get(Item.idOf(SRC, Kind.POD, "shop", "new-1"))).isEmpty());
    }

    @Test
    void aNamespacesTenantLabelNamesTheTenantOfItsPodsAndVmsAndFollowsChanges() throws Exception {
        cluster.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("shop").addToLabels("wharf.dev/tenant", "retail").endMetadata().build()).create();
        seed();
        connect();
        assertThat(item(Kind.POD, "shop", "web-1").facet(dev.wharf.inventory.Tenant.class))
                .contains(new dev.wharf.inventory.Tenant("retail", "wharf.dev/tenant"));
        assertThat(item(Kind.VM, "vms", "fedora-1").facet(dev.wharf.inventory.Tenant.class))
                .as("no Namespace object: its own tenant").contains(dev.wharf.inventory.Tenant.ofNamespace("vms"));

        cluster.client.namespaces().withName("shop").edit(n -> new io.fabric8.kubernetes.api.model.NamespaceBuilder(n)
                .editMetadata().removeFromLabels("wharf.dev/tenant").addToLabels("capsule.clastix.io/tenant", "stores")
                .endMetadata().build());
        eventually(() -> assertThat(item(Kind.POD, "shop", "web-1").facet(dev.wharf.inventory.Tenant.class))
                .contains(new dev.wharf.inventory.Tenant("stores", "capsule.clastix.io/tenant")));
        assertThat(item(Kind.POD, "shop", "web-1").facet(dev.wharf.inventory.PodSecurity.class)).isPresent();
        assertThat(item(Kind.NODE, null, "node-k").facet(dev.wharf.inventory.NodePlacement.class)).isPresent();
    }

    @Test
    void runtimeClassArrivingAfterItsPodsTurnsThemIntoMicroVms() throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withName("secure-1").withNamespace("apps").endMetadata()
                .withNewSpec().withRuntimeClassName("secure").withNodeName("node-k").addNewContainer()
                .withName("app").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        cluster.client.pods().inNamespace("apps").resource(pod).create();
        connect();
        Item guessed = item(Kind.POD, "apps", "secure-1");
        assertThat(guessed.isolation()).isEqualTo(Isolation.CONTAINER);
        assertThat(guessed.properties().get("Classification")).contains("guessed");

        cluster.client.resources(RuntimeClass.class).resource(new RuntimeClassBuilder()
                .withNewMetadata().withName("secure").endMetadata().withHandler("kata-clh").build()).create();
        eventually(() -> {
            Item i = item(Kind.MICROVM, "apps", "secure-1");
            assertThat(i.runtime()).isEqualTo("kata-clh");
            assertThat(i.properties()).doesNotContainKey("Classification");
        });
        assertThat(inventory.get(guessed.id())).as("no ghost under the old id").isEmpty();
    }

    @Test
    void vmiArrivingAfterItsVmCompletesTheSameItem() throws Exception {
        GenericKubernetesResource vm = Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) vm.getAdditionalProperties().get("status");
        status.put("printableStatus", "Starting");
        cluster.createVm(vm);
        connect();
        assertThat(item(Kind.VM, "vms", "fedora-1").state()).isEqualTo(State.STARTING);
        assertThat(item(Kind.VM, "vms", "fedora-1").on()).isNull();

        cluster.createVm(Fixtures.load("vmi-fedora.yaml", GenericKubernetesResource.class));
        eventually(() -> {
            Item i = item(Kind.VM, "vms", "fedora-1");
            assertThat(i.on()).isEqualTo(Item.idOf(SRC, Kind.NODE, null, "node-a"));
            assertThat(i.uuid()).isEqualTo("5d3b4c2a-1111-4e8b-9c0d-0123456789ab");
            assertThat(i.properties()).containsEntry("IPs", "10.1.0.41");
        });
        assertThat(inventory.snapshot().items().stream().filter(i -> i.kind() == Kind.VM)).hasSize(1);

        cluster.createVm(Fixtures.load("migration-fedora.yaml", GenericKubernetesResource.class));
        eventually(() -> assertThat(item(Kind.VM, "vms", "fedora-1").properties())
                .containsEntry("Migrating from", "node-a").containsEntry("Migrating to", "node-b"));
    }

    @Test
    void clusterWithoutKubeVirtIsConnectedWithNoVms() throws Exception {
        for (String plural : List.of("virtualmachines", "virtualmachineinstances", "virtualmachineinstancemigrations")) {
            cluster.server.expect().get().withPath("/apis/kubevirt.io/v1/" + plural + "?limit=" + KubernetesInformers.PAGE)
                    .andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}")
                    .always();
        }
        cluster.client.nodes().resource(Fixtures.load("node.yaml", Node.class)).create();
        connect();
        assertThat(source().status()).isEqualTo(SourceStatus.CONNECTED);
        assertThat(source().message()).isEmpty();
        assertThat(inventory.snapshot().items()).extracting(Item::kind).containsExactly(Kind.NODE);
    }

    @Test
    void forbiddenKindLeavesTheRestAndMakesTheSourcePartial() throws Exception {
        seed();
        cluster.server.expect().get().withPath("/apis/kubevirt.io/v1/virtualmachines?limit=500")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"virtualmachines.kubevirt.io is forbidden: User \\\"dev\\\" cannot list resource\",\"reason\":\"Forbidden\",\"code\":403}")
                .always();
        connect();
        assertThat(source().status()).isEqualTo(SourceStatus.PARTIAL);
        assertThat(source().message()).contains("virtualmachines").contains("403")
                .doesNotContain("virtualmachineinstances,");
        assertThat(item(Kind.POD, "shop", "web-1").state()).isEqualTo(State.RUNNING);
        assertThat(item(Kind.NODE, null, "node-k")).isNotNull();
        // the VMI is still seen (bare), the stopped VM is not
        assertThat(inventory.get(Item.idOf(SRC, Kind.VM, "vms", "windows-1"))).isEmpty();
        assertThat(item(Kind.VM, "vms", "fedora-1").state()).isEqualTo(State.RUNNING);
    }

    @Test
    void forbiddenRuntimeClassesMeanGuessedClassificationSaidInTheStatus() throws Exception {
        seed();
        cluster.server.expect().get().withPath("/apis/node.k8s.io/v1/runtimeclasses?resourceVersion=0")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"forbidden\",\"code\":403}")
                .always();
        connect();
        assertThat(source().status()).isEqualTo(SourceStatus.PARTIAL);
        assertThat(source().message()).contains("runtimeclasses").contains("guessed");
        Item i = item(Kind.MICROVM, "sandbox", "qemu-1");
        assertThat(i.properties().get("Classification")).contains("guessed");
    }

    @Test
    void describeIsYamlOfTheVmAndItsVmi() throws Exception {
        seed();
        connect();
        assertThat(connection.describe(item(Kind.POD, "shop", "web-1")).join())
                .contains("name: \"web-1\"").contains("podIP: \"10.1.0.7\"");
        String vmYaml = connection.describe(item(Kind.VM, "vms", "fedora-1")).join();
        assertThat(vmYaml).contains("kind: \"VirtualMachine\"").contains("kind: \"VirtualMachineInstance\"")
                .contains("---");
    }

    @Test
    void yamlLeavesManagedFieldsOutOfACopy() {
        Pod pod = new PodBuilder(Fixtures.named("pods.yaml", Pod.class, "web-1")).editMetadata()
                .addNewManagedField().withManager("kubectl-client-side-apply").withOperation("Update").endManagedField()
                .endMetadata().build();
        String yaml = KubernetesReads.yamlOf(List.of(pod));
        assertThat(yaml).contains("name: \"web-1\"").doesNotContain("managedFields").doesNotContain("kubectl-client-side-apply");
        assertThat(pod.getMetadata().getManagedFields()).as("the original is not touched").hasSize(1);
    }

    @Test
    void eventsOfAnItemNewestLast() throws Exception {
        seed();
        for (String[] e : new String[][] {
                {"e2", "Pod", "web-1", "Started", "2026-11-01T10:00:09Z"},
                {"e1", "Pod", "web-1", "Pulled", "2026-11-01T10:00:02Z"},
                {"e3", "Pod", "crash-1", "BackOff", "2026-11-01T10:00:05Z"}}) {
            cluster.client.v1().events().inNamespace("shop").resource(new EventBuilder()
                    .withNewMetadata().withName(e[0]).endMetadata()
                    .withNewInvolvedObject().withKind(e[1]).withName(e[2]).withNamespace("shop").endInvolvedObject()
                    .withType("Normal").withReason(e[3]).withMessage(e[3] + " it").withLastTimestamp(e[4]).build()).create();
        }
        cluster.client.v1().events().inNamespace("vms").resource(new EventBuilder()
                .withNewMetadata().withName("v1").endMetadata()
                .withNewInvolvedObject().withKind("VirtualMachineInstance").withName("fedora-1").endInvolvedObject()
                .withType("Normal").withReason("Started").withMessage("VMI started").withLastTimestamp("2026-11-01T09:00:00Z")
                .build()).create();
        connect();
        List<ItemEvent> events = connection.events(item(Kind.POD, "shop", "web-1")).join();
        assertThat(events).extracting(ItemEvent::reason).containsExactly("Pulled", "Started");
        assertThat(connection.events(item(Kind.VM, "vms", "fedora-1")).join()).extracting(ItemEvent::message)
                .containsExactly("VMI started");
    }

    @Test
    void unreachableServerIsAnErrorThatSaysWhatToDo() throws Exception {
        int port = cluster.port();
        cluster.close();
        cluster = MockCluster.start();
        var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(cluster.client.getConfiguration())
                        .withMasterUrl("http://127.0.0.1:" + port + "/").build()).build();
        try (KubernetesConnection c = new KubernetesConnection("lab", client, inventory)) {
            c.start();
            assertThat(c.awaitInitialSync(Duration.ofSeconds(15))).isFalse();
            SourceInfo s = inventory.source(SRC).orElseThrow();
            assertThat(s.status()).isEqualTo(SourceStatus.ERROR);
            assertThat(s.message()).contains("Cannot reach").contains("127.0.0.1:" + port)
                    .contains("connection refused").contains("check that the cluster is up");
        } finally {
            client.close();
        }
    }

    @Test
    void consolesGoThroughKubernetesConsolesAndRefuseWhatAnItemDoesNotOffer() throws Exception {
        seed();
        connect();
        Item pod = item(Kind.POD, "shop", "web-1");
        assertThat(pod.consoles()).doesNotContain(ConsoleType.SERIAL);
        assertThatThrownBy(() -> connection.openConsole(pod, ConsoleRequest.of(ConsoleType.SERIAL)).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("web-1").hasMessageContaining("serial");
        Item foreign = pod.toBuilder().source("k8s:other").build();
        assertThatThrownBy(() -> connection.openConsole(foreign, ConsoleRequest.of(ConsoleType.EXEC)).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("not from lab");
    }

    @Test
    void statusGoesFromConnectingToConnected() throws Exception {
        List<SourceStatus> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        inventory.subscribe(d -> d.sources().stream().filter(s -> s.id().equals(SRC)).forEach(s -> seen.add(s.status())));
        connect();
        eventually(() -> assertThat(seen).containsExactly(SourceStatus.CONNECTING, SourceStatus.CONNECTED));
        assertThat(Optional.of(connection.id())).contains(SRC);
    }
}
