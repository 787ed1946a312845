package dev.wharf.kubernetes;

import static dev.wharf.kubernetes.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The API server goes away and comes back on the same port with other objects: no ghost, nothing missing. */
class KubernetesReconnectTest {
    static final String SRC = "k8s:lab";

    static Pod pod(String name, String phase) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withNodeName("node-a").addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void serverGoneMeansErrorAndStaleItemsThenTheInventoryConvergesWhenItIsBack() throws Exception {
        Inventory inventory = new Inventory(Runnable::run);
        MockCluster first = MockCluster.start();
        int port = first.port();
        first.client.pods().inNamespace("shop").resource(pod("stays", "Pending")).create();
        first.client.pods().inNamespace("shop").resource(pod("goes-away", "Running")).create();
        first.createVm(Fixtures.load("vm-stopped.yaml", GenericKubernetesResource.class));

        // the connection's own client outlives both servers
        KubernetesClient client = MockCluster.clientFor(first.server);
        KubernetesMockServer second = null;
        try (KubernetesConnection connection = new KubernetesConnection("lab", client, inventory)) {
            connection.start();
            assertThat(connection.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
            assertThat(inventory.snapshot().items()).extracting(Item::name)
                    .containsExactlyInAnyOrder("stays", "goes-away", "windows-1");

            first.close();
            eventually(Duration.ofSeconds(20), () -> {
                SourceInfo s = inventory.source(SRC).orElseThrow();
                assertThat(s.status()).isEqualTo(SourceStatus.ERROR);
                assertThat(s.message()).contains("Cannot reach");
            });
            assertThat(inventory.snapshot().items()).as("items stay, marked stale").hasSize(3).allMatch(Item::stale);

            second = MockCluster.crudServer();
            second.init(InetAddress.getLoopbackAddress(), port);
            try (KubernetesClient admin = MockCluster.clientFor(second)) {
                admin.pods().inNamespace("shop").resource(pod("stays", "Running")).create();
                admin.pods().inNamespace("shop").resource(pod("new-one", "Running")).create();
                GenericKubernetesResource vm = Fixtures.load("vm-fedora.yaml", GenericKubernetesResource.class);
                admin.genericKubernetesResources(KubeVirt.VMS).inNamespace("vms").resource(vm).create();
            }
            eventually(Duration.ofSeconds(30), () -> {
                assertThat(inventory.source(SRC).orElseThrow().status()).isEqualTo(SourceStatus.CONNECTED);
                assertThat(inventory.snapshot().items()).extracting(Item::name)
                        .containsExactlyInAnyOrder("stays", "new-one", "fedora-1");
                assertThat(inventory.snapshot().items()).noneMatch(Item::stale);
                assertThat(inventory.get(Item.idOf(SRC, Kind.POD, "shop", "stays")).orElseThrow().state())
                        .isEqualTo(State.RUNNING);
            });
        } finally {
            client.close();
            if (second != null) {
                MockCluster.stop(second);
            }
        }
    }
}
