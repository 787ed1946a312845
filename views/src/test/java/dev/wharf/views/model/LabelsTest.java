package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.NodePlacement;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void aNodeHeaderSaysBareMetalOnlyWithEvidence() {
        Item.Builder node = Item.builder("k8s:t|node/n", "k8s:t", Kind.NODE, "n");
        assertThat(Labels.placement(node.build())).isEqualTo("placement unknown");
        assertThat(Labels.placement(node.facet(NodePlacement.unknown("no evidence")).build())).isEqualTo("placement unknown");
        assertThat(Labels.placement(node.facet(new NodePlacement(NodePlacement.Placement.BARE_METAL, null, "NFD")).build()))
                .isEqualTo("bare metal");
        assertThat(Labels.placement(node.facet(new NodePlacement(NodePlacement.Placement.VM, null, "kubevirt://")).build()))
                .isEqualTo("VM");
    }
}
