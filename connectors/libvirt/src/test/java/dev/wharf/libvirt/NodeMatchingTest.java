package dev.wharf.libvirt;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kubernetes node that runs as a libvirt domain is linked to it by UUID (done by the Inventory):
 * the connector only has to report the domain's UUID right. Both arrival orders.
 */
class NodeMatchingTest {
    private static final String K8S = "k8s:lab";

    @ParameterizedTest(name = "nodes first: {0}")
    @ValueSource(booleans = {true, false})
    void nodeRunsOnTheHostAndTheDomainCarriesTheNode(boolean nodesFirst) throws Exception {
        PrivateLibvirtd.requireLibvirt();
        Inventory inv = new Inventory(Runnable::run);
        List<Item> nodes = fixtureNodes();
        if (nodesFirst) {
            inv.replaceAll(K8S, nodes);
        }
        try (LibvirtConnection conn = new LibvirtConnection(TestHosts.uriOf("test-host.xml"), inv, CredentialPrompt.NONE)) {
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
            if (!nodesFirst) {
                inv.replaceAll(K8S, nodes);
            }
            String hostId = inv.snapshot().items().stream().filter(i -> i.kind() == Kind.HOST).findFirst()
                    .orElseThrow().id();
            String nodeId = Item.idOf(K8S, Kind.NODE, null, "k8s-worker-1");
            Item node = inv.get(nodeId).orElseThrow();
            Item domain = inv.get(Item.idOf(conn.id(), Kind.VM, null, "k8s-worker-1")).orElseThrow();
            assertThat(node.on()).isEqualTo(hostId);
            assertThat(domain.carries()).isEqualTo(nodeId);
            assertThat(inv.get(Item.idOf(K8S, Kind.NODE, null, "bare-metal-1")).orElseThrow().on()).isNull();
            assertThat(inv.get(Item.idOf(conn.id(), Kind.VM, null, "web")).orElseThrow().carries()).isNull();
        }
    }

    @Test
    void fixtureNodesCarryUpperCaseUuidsLikeKubelet() throws IOException {
        assertThat(fixtureNodes()).hasSize(2);
    }

    /** The node list in fixtures/nodes.txt as the kubernetes connector would put it. */
    static List<Item> fixtureNodes() throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NodeMatchingTest.class.getResourceAsStream("/fixtures/nodes.txt"), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
                String[] f = l.trim().split("\\s+");
                assertThat(f[1]).isUpperCase();
                return Item.builder(Item.idOf(K8S, Kind.NODE, null, f[0]), K8S, Kind.NODE, f[0])
                        .state(State.RUNNING).uuid(f[1]).build();
            }).toList();
        }
    }
}
