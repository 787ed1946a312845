package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodeFacts;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
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
        List<Condition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = c.getStatus();
                }
                conditions.add(new Condition(null, c.getType(), c.getStatus(), c.getReason(), c.getMessage(),
                        Fields.instant(c.getLastTransitionTime())));
            }
        }
        if (!conditions.isEmpty()) {
            b.facet(new Conditions(conditions));
        }
        State state = "True".equals(ready) ? State.RUNNING : "False".equals(ready) ? State.FAILED : State.UNKNOWN;
        String status = "True".equals(ready) ? "Ready" : "False".equals(ready) ? "NotReady" : "Unknown";
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        if (cordoned) {
            status += ",SchedulingDisabled";
        }
        b.state(state).status(status);
        b.action(cordoned ? Action.UNCORDON : Action.CORDON).action(Action.DRAIN);
        b.facet(diagnose(ready, conditions, cordoned));
        List<String> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                taints.add(t.getKey() + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue())
                        + ":" + t.getEffect());
            }
        }
        if (node.getStatus() != null) {
            b.facet(new NodeFacts(cordoned, taints, Quantities.human(node.getStatus().getCapacity()),
                    Quantities.human(node.getStatus().getAllocatable())));
        }
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
                b.property("CPU", Quantities.human("cpu", cap.get("cpu")))
                        .property("Memory", Quantities.human("memory", cap.get("memory")));
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

    /** A node that is not ready or under pressure says so in one sentence; null when all is well. */
    static Diagnosis diagnose(String ready, List<Condition> conditions, boolean cordoned) {
        for (Condition c : conditions) {
            if ("Ready".equals(c.type()) && !c.isTrue()) {
                return Diagnosis.of("Node not ready" + (c.reason() == null ? "" : " (" + c.reason() + ")")
                        + (c.message() == null || c.message().isBlank() ? "." : ": " + c.message().trim()
                        + (c.message().trim().endsWith(".") ? "" : ".")));
            }
        }
        for (Condition c : conditions) {
            if (c.type().endsWith("Pressure") && c.isTrue()) {
                return Diagnosis.of("Under " + c.type().replace("Pressure", "").replace("PID", "PID ").toLowerCase(
                        java.util.Locale.ROOT).trim() + " pressure" + (c.message() == null ? "." : ": " + c.message().trim()
                        + (c.message().trim().endsWith(".") ? "" : ".")));
            }
        }
        return cordoned ? Diagnosis.of("Cordoned: no new pods are scheduled here.") : null;
    }

    static String quantity(Quantity q) {
        return q == null ? null : q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
