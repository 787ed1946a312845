package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.NodePlacement;
import dev.wharf.inventory.NodePlacement.Placement;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a node runs, from what the Kubernetes API says of it: {@code spec.providerID}, the
 * instance-type label, Node Feature Discovery's labels. Pure. The strongest evidence, a libvirt
 * domain with the node's system UUID, is the inventory's to add (it sees both sources).
 */
final class NodePlacements {
    static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    static final String NFD_PREFIX = "feature.node.kubernetes.io/";
    static final String NFD_HYPERVISOR = NFD_PREFIX + "cpu-cpuid.HYPERVISOR";
    /** providerID schemes of bare-metal provisioners. */
    static final Set<String> METAL_SCHEMES = Set.of("metal3", "equinixmetal", "packet", "ironic");
    /** providerID schemes that say nothing about the machine (kind runs nodes as containers, k3s names the host). */
    static final Set<String> SILENT_SCHEMES = Set.of("kind", "k3s");

    private NodePlacements() {
    }

    static NodePlacement of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        String providerId = node.getSpec() == null ? null : NodeMapper.blankToNull(node.getSpec().getProviderID());
        String instanceType = NodeMapper.blankToNull(labels.get(INSTANCE_TYPE));
        String scheme = providerId == null || !providerId.contains("://") ? null
                : providerId.substring(0, providerId.indexOf("://")).toLowerCase(Locale.ROOT);

        if ("kubevirt".equals(scheme)) {
            return new NodePlacement(Placement.VM, null, "providerID " + providerId + ": a KubeVirt VM");
        }
        if ("true".equalsIgnoreCase(labels.get(NFD_HYPERVISOR))) {
            return new NodePlacement(Placement.VM, null,
                    "Node Feature Discovery: the CPU reports a hypervisor (cpu-cpuid.HYPERVISOR=true)");
        }
        if (scheme != null && METAL_SCHEMES.contains(scheme)) {
            return new NodePlacement(Placement.BARE_METAL, null, "providerID " + providerId + ": a bare-metal provisioner");
        }
        if (scheme != null && !SILENT_SCHEMES.contains(scheme)) {
            if (instanceType != null && metalType(instanceType)) {
                return new NodePlacement(Placement.BARE_METAL, null,
                        "providerID " + providerId + " with bare-metal instance type " + instanceType);
            }
            return new NodePlacement(Placement.VM, null, "providerID " + providerId
                    + (instanceType == null ? "" : " with instance type " + instanceType) + ": a cloud VM");
        }
        if (labels.keySet().stream().anyMatch(k -> k.startsWith(NFD_PREFIX))) {
            return new NodePlacement(Placement.BARE_METAL, null,
                    "Node Feature Discovery: the CPU reports no hypervisor (no cpu-cpuid.HYPERVISOR)");
        }
        if (instanceType != null && metalType(instanceType)) {
            return new NodePlacement(Placement.BARE_METAL, null, "instance type " + instanceType + " names bare metal");
        }
        return NodePlacement.unknown("no libvirt domain Wharf sees has its system UUID"
                + (providerId == null ? ", no providerID" : ", providerID " + providerId + " names no machine")
                + " and no Node Feature Discovery labels");
    }

    /** {@code m5.metal}, {@code c6i.metal-24xl}, {@code bx2d-metal-96x384}, {@code BM.Standard3.64}, {@code bare-metal}. */
    static boolean metalType(String instanceType) {
        String t = instanceType.toLowerCase(Locale.ROOT);
        return t.contains("metal") || t.startsWith("bm.");
    }
}
