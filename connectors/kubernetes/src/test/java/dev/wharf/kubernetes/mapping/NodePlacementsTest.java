package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodePlacement;
import dev.wharf.inventory.NodePlacement.Placement;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a node runs, from each kind of evidence the Kubernetes API gives; unknown without any. */
class NodePlacementsTest {
    private final Ids ids = new Ids("k8s:test");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "kv-node     | VM         | providerID kubevirt://tenant-clusters/kv-node: a KubeVirt VM",
        "cloud-vm    | VM         | providerID aws:///eu-west-1a/i-0a1b2c3d4e5f67890 with instance type m5.2xlarge: a cloud VM",
        "cloud-metal | BARE_METAL | providerID aws:///eu-west-1a/i-0f9e8d7c6b5a43210 with bare-metal instance type m5.metal",
        "nfd-vm      | VM         | Node Feature Discovery: the CPU reports a hypervisor (cpu-cpuid.HYPERVISOR=true)",
        "nfd-metal   | BARE_METAL | Node Feature Discovery: the CPU reports no hypervisor (no cpu-cpuid.HYPERVISOR)",
        "kind-worker | UNKNOWN    | no libvirt domain Wharf sees has its system UUID, providerID kind://docker/kind/kind-worker names no machine and no Node Feature Discovery labels",
        "plain       | UNKNOWN    | no libvirt domain Wharf sees has its system UUID, no providerID and no Node Feature Discovery labels",
    })
    void placementWithItsEvidence(String node, Placement placement, String evidence) {
        Item n = NodeMapper.map(ids, Fixtures.named("isolation-nodes.yaml", Node.class, node));
        assertThat(n.facet(NodePlacement.class)).contains(new NodePlacement(placement, null, evidence));
    }

    @ParameterizedTest
    @CsvSource({"m5.metal,true", "c6i.metal-24xl,true", "bx2d-metal-96x384,true", "BM.Standard3.64,true",
        "bare-metal,true", "m5.2xlarge,false", "Standard_D4s_v5,false", "n2-standard-8,false"})
    void bareMetalInstanceTypes(String type, boolean metal) {
        assertThat(NodePlacements.metalType(type)).isEqualTo(metal);
    }
}
