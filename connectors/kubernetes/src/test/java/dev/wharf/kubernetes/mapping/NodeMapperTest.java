package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Test;

class NodeMapperTest {
    private final Ids ids = new Ids("k8s:test");

    @Test
    void readyNodeWithItsFacts() {
        Item n = NodeMapper.map(ids, Fixtures.load("node.yaml", Node.class));
        assertThat(n.id()).isEqualTo("k8s:test|node/node-k");
        assertThat(n.kind()).isEqualTo(Kind.NODE);
        assertThat(n.state()).isEqualTo(State.RUNNING);
        assertThat(n.status()).isEqualTo("Ready");
        assertThat(n.uuid()).isEqualTo("4c4c4544-0042-3510-8048-b4c04f4e3132");
        assertThat(n.properties()).containsEntry("Kubelet", "v1.31.2").containsEntry("OS image", "Fedora CoreOS 41")
                .containsEntry("Container runtime", "containerd://1.7.22").containsEntry("CPU", "16")
                .containsEntry("Memory", "65843032Ki").containsEntry("Roles", "infra,worker")
                .containsEntry("Kata runtime", "true");
        assertThat(n.actions()).isEmpty();
    }

    @Test
    void notReadyCordonedNodeHasFailed() {
        Item n = NodeMapper.map(ids, Fixtures.load("node-notready.yaml", Node.class));
        assertThat(n.state()).isEqualTo(State.FAILED);
        assertThat(n.status()).isEqualTo("NotReady,SchedulingDisabled");
        assertThat(n.uuid()).isNull();
    }
}
