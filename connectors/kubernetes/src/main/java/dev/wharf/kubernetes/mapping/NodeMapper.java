package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.StringJoiner;

/** A Kubernetes Node → a node item. Pure. */
public final class NodeMapper {
    static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    static final String KATA_LABEL = "katacontainers.io/kata-runtime";

    private NodeMapper() {
    }

    public static Item map(Ids ids, Node node) {
        String name = node.getMetadata().getName();
        Item.Builder b = Item.builder(ids.node(name), ids.source(), Kind.NODE, name)
                .created(Fields.instant(node.getMetadata().getCreationTimestamp()));
        String ready = null;
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = c.getStatus();
                }
            }
        }
        State state = "True".equals(ready) ? State.RUNNING : "False".equals(ready) ? State.FAILED : State.UNKNOWN;
        String status = "True".equals(ready) ? "Ready" : "False".equals(ready) ? "NotReady" : "Unknown";
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status += ",SchedulingDisabled";
        }
        b.state(state).status(status);
        if (node.getStatus() != null) {
            NodeSystemInfo info = node.getStatus().getNodeInfo();
            if (info != null) {
                b.uuid(blankToNull(info.getSystemUUID()));
                b.property("Kubelet", info.getKubeletVersion())
                        .property("OS image", info.getOsImage())
                        .property("Container runtime", info.getContainerRuntimeVersion());
            }
            Map<String, Quantity> cap = node.getStatus().getCapacity();
            if (cap != null) {
                b.property("CPU", quantity(cap.get("cpu"))).property("Memory", quantity(cap.get("memory")));
            }
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels != null) {
            StringJoiner roles = new StringJoiner(",");
            labels.keySet().stream().filter(k -> k.startsWith(ROLE_PREFIX)).sorted()
                    .forEach(k -> roles.add(k.substring(ROLE_PREFIX.length())));
            b.property("Roles", roles.toString());
            b.property("Kata runtime", labels.get(KATA_LABEL));
        }
        return b.facet(NodePlacements.of(node)).build();
    }

    static String quantity(Quantity q) {
        return q == null ? null : q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
