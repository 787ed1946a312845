package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The virt-launcher pods virt-controller creates for a VMI (one, two while it migrates): built
 * as KubeVirt labels and owns them, then marked Running or Completed as their guest moves.
 */
final class LauncherPods {

    static final String LAUNCHER_IMAGE = "quay.io/kubevirt/virt-launcher:v1.4.0";

    private final Simulation sim;
    private final NodePlacement placement;

    LauncherPods(Simulation sim, NodePlacement placement) {
        this.sim = sim;
        this.placement = placement;
    }

    GenericKubernetesResource createLauncher(GenericKubernetesResource vm, GenericKubernetesResource vmi,
                                             String node, String phase) {
        return createLauncher(vm, vmi, node, phase, Map.of(), Map.of());
    }

    /**
     * A virt-launcher pod for {@code vmi}, on {@code node} (null: not scheduled yet), with extra
     * labels (a migration target's {@code kubevirt.io/migrationJobUID}) and a node selector.
     */
    @SuppressWarnings("unchecked")
    GenericKubernetesResource createLauncher(GenericKubernetesResource vm, GenericKubernetesResource vmi,
                                             String node, String phase, Map<String, String> labels,
                                             Map<String, String> nodeSelector) {
        String name = vm.getMetadata().getName();
        String vmiUid = vmi.getMetadata().getUid();
        ObjectMeta meta = new ObjectMetaBuilder().withName("virt-launcher-" + name + "-" + sim.suffix())
                .withNamespace(vm.getMetadata().getNamespace()).withUid(UUID.randomUUID().toString())
                .withCreationTimestamp(sim.now().toString())
                .addToLabels("kubevirt.io", "virt-launcher")
                .addToLabels("kubevirt.io/created-by", vmiUid)
                .addToLabels("vm.kubevirt.io/name", name)
                .addToLabels("vmi.kubevirt.io/id", name)
                .addToLabels("kubevirt.io/domain", name)
                .addToAnnotations("kubevirt.io/domain", name)
                .addToAnnotations("kubectl.kubernetes.io/default-container", "compute")
                .addToAnnotations("kubevirt.io/migrationTransportUnix", "true")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("kubevirt.io/v1")
                        .withKind("VirtualMachineInstance").withName(name).withUid(vmiUid).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .build();
        meta.getLabels().putAll(labels);
        List<Map<String, Object>> containers = new ArrayList<>();
        containers.add(new LinkedHashMap<>(Map.of("name", "compute", "image", LAUNCHER_IMAGE,
                "command", List.of("/usr/bin/virt-launcher-monitor", "--qemu-timeout", "292s", "--name", name))));
        Map<String, Object> vmiSpec = (Map<String, Object>) vmi.getAdditionalProperties().getOrDefault("spec", Map.of());
        Object volumes = vmiSpec.get("volumes");
        if (volumes instanceof List<?> vl) {
            for (Object v : vl) {
                if (v instanceof Map<?, ?> vm2 && vm2.get("containerDisk") instanceof Map<?, ?> cd) {
                    containers.add(new LinkedHashMap<>(Map.of("name", "volume" + vm2.get("name"),
                            "image", String.valueOf(cd.get("image")))));
                }
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("containers", containers);
        spec.put("initContainers", List.of(Map.of("name", "guest-console-log", "image", LAUNCHER_IMAGE, // its serial log
                "restartPolicy", "Always", "command", List.of("/usr/bin/virt-tail", "--logfile", "virt-serial0-log"))));
        spec.put("restartPolicy", "Never");
        spec.put("serviceAccountName", "default");
        if (!nodeSelector.isEmpty()) {
            spec.put("nodeSelector", new LinkedHashMap<>(nodeSelector));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", phase);
        status.put("qosClass", "Burstable");
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.getAdditionalProperties().put("spec", spec);
        pod.getAdditionalProperties().put("status", status);
        if (node != null) {
            assign(pod, node);
        }
        return sim.store.create(pod);
    }

    /** What the scheduler and the kubelet write when {@code pod} is bound to {@code node}: containers being created. */
    @SuppressWarnings("unchecked")
    void assign(GenericKubernetesResource pod, String node) {
        pod.getMetadata().getLabels().put("kubevirt.io/nodeName", node);
        ClusterStore.map(pod, "spec").put("nodeName", node);
        Map<String, Object> status = ClusterStore.map(pod, "status");
        status.put("hostIP", placement.nodeIp(node));
        status.put("startTime", sim.now().toString());
        List<Object> cs = new ArrayList<>();
        for (Object o : (List<Object>) ClusterStore.map(pod, "spec").get("containers")) {
            Map<String, Object> c = (Map<String, Object>) o;
            cs.add(new LinkedHashMap<>(Map.of("name", c.get("name"), "image", c.get("image"), "ready", false,
                    "restartCount", 0, "started", false,
                    "state", Map.of("waiting", Map.of("reason", "ContainerCreating")))));
        }
        status.put("containerStatuses", cs);
        status.put("conditions", List.of(sim.condition("PodScheduled", "True", null, null),
                sim.condition("Ready", "False", "ContainersNotReady", "containers with unready status: [compute]")));
    }

    /** What the scheduler writes on a pod it cannot place. */
    void unschedulable(GenericKubernetesResource pod, String message) {
        ClusterStore.map(pod, "status").put("conditions", List.of(
                sim.condition("PodScheduled", "False", "Unschedulable", message)));
    }

    @SuppressWarnings("unchecked")
    void markPodRunning(GenericKubernetesResource pod, String ip) {
        Map<String, Object> st = ClusterStore.map(pod, "status");
        st.put("phase", "Running");
        st.put("podIP", ip);
        st.put("podIPs", List.of(Map.of("ip", ip)));
        List<Object> cs = new ArrayList<>();
        Object old = st.get("containerStatuses");
        if (old instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) o);
                c.put("ready", true);
                c.put("started", true);
                c.put("state", Map.of("running", Map.of("startedAt", sim.now().toString())));
                c.put("containerID", "containerd://" + UUID.randomUUID().toString().replace("-", ""));
                cs.add(c);
            }
        }
        st.put("containerStatuses", cs);
        st.put("conditions", List.of(sim.condition("PodScheduled", "True", null, null),
                sim.condition("Initialized", "True", null, null), sim.condition("ContainersReady", "True", null, null),
                sim.condition("Ready", "True", null, null)));
    }

    @SuppressWarnings("unchecked")
    void markPodCompleted(GenericKubernetesResource pod) {
        Map<String, Object> st = ClusterStore.map(pod, "status");
        st.put("phase", "Succeeded");
        List<Object> cs = new ArrayList<>();
        Object old = st.get("containerStatuses");
        if (old instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) o);
                c.put("ready", false);
                c.put("started", false);
                c.put("state", Map.of("terminated", Map.of("exitCode", 0, "reason", "Completed",
                        "finishedAt", sim.now().toString())));
                cs.add(c);
            }
        }
        st.put("containerStatuses", cs);
        st.put("conditions", List.of(sim.condition("Ready", "False", "PodCompleted", null)));
    }

    List<GenericKubernetesResource> launchers(GenericKubernetesResource vmi) {
        return sim.store.list(sim.podType, vmi.getMetadata().getNamespace(),
                "kubevirt.io/created-by=" + vmi.getMetadata().getUid());
    }

}
