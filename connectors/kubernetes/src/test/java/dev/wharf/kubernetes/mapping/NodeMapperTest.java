package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodeFacts;
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
                .containsEntry("Container runtime", "containerd://1.7.22").containsEntry("CPU", "16 CPUs")
                .containsEntry("Memory", "62.8 GiB").containsEntry("Roles", "infra,worker")
                .containsEntry("Kata runtime", "true");
        assertThat(n.actions()).containsExactlyInAnyOrder(Action.CORDON, Action.DRAIN);
    }

    @Test
    void notReadyCordonedNodeHasFailed() {
        Item n = NodeMapper.map(ids, Fixtures.load("node-notready.yaml", Node.class));
        assertThat(n.state()).isEqualTo(State.FAILED);
        assertThat(n.status()).isEqualTo("NotReady,SchedulingDisabled");
        assertThat(n.uuid()).isNull();
        assertThat(n.actions()).containsExactlyInAnyOrder(Action.UNCORDON, Action.DRAIN);
        assertThat(n.facet(Diagnosis.class).orElseThrow().sentence(java.time.Instant.now()))
                .isEqualTo("Node not ready (KubeletNotReady).");
    }

    @Test
    void conditionsTaintsAndResourcesInHumanUnits() {
        Item n = NodeMapper.map(ids, Fixtures.load("explain-node.yaml", Node.class));
        assertThat(n.facet(Conditions.class).orElseThrow().list()).extracting(Condition::type, Condition::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "True"),
                        org.assertj.core.groups.Tuple.tuple("MemoryPressure", "True"),
                        org.assertj.core.groups.Tuple.tuple("DiskPressure", "False"),
                        org.assertj.core.groups.Tuple.tuple("PIDPressure", "False"));
        NodeFacts f = n.facet(NodeFacts.class).orElseThrow();
        assertThat(f.taints()).containsExactly("dedicated=gpu:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule");
        assertThat(f.capacity()).containsExactly(java.util.Map.entry("cpu", "4 CPUs"), java.util.Map.entry("memory", "16 GiB"),
                java.util.Map.entry("ephemeral-storage", "97.9 GiB"), java.util.Map.entry("pods", "110"),
                java.util.Map.entry("hugepages-2Mi", "0 B"));
        assertThat(f.allocatable()).containsEntry("cpu", "3.8 CPUs").containsEntry("memory", "15.6 GiB");
        assertThat(n.facet(Diagnosis.class).orElseThrow().sentence(java.time.Instant.now()))
                .isEqualTo("Under memory pressure: kubelet has insufficient memory available.");
    }
}
