package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Live migration as virt-controller and virt-handler run it: {@code migrate} creates a
 * VirtualMachineInstanceMigration and a target virt-launcher pod, then moves the VMI to the
 * target node (Migrating → Running). Callers hold the {@link Simulation}'s lock.
 */
final class VmMigrations {

    private final Simulation sim;
    private final NodePlacement placement;
    private final LauncherPods pods;

    VmMigrations(Simulation sim, NodePlacement placement, LauncherPods pods) {
        this.sim = sim;
        this.placement = placement;
        this.pods = pods;
    }

    /** {@code PUT …/virtualmachines/{name}/migrate} of {@code vm}, whose VMI is {@code vmi} if any. */
    MockResponse request(GenericKubernetesResource vm, Optional<GenericKubernetesResource> vmi) {
        String name = vm.getMetadata().getName();
        if (vmi.isEmpty() || !"Running".equals(ClusterStore.str(vmi.get(), "status", "phase"))) {
            return Simulation.conflictVm(name, "VM is not running");
        }
        if (migrating(vmi.get())) {
            return Simulation.conflictVm(name, "VM is already migrating");
        }
        Optional<String> target = placement.targetNode(vmi.get());
        if (target.isEmpty()) {
            return Simulation.conflictVm(name, "no other node can run this VM");
        }
        migrate(vm, vmi.get(), target.get());
        return Simulation.accepted();
    }

    private void migrate(GenericKubernetesResource vm, GenericKubernetesResource vmi, String target) {
        String key = Simulation.key(vm);
        long token = sim.bump(key);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        String source = ClusterStore.str(vmi, "status", "nodeName");
        Instant now = sim.now();

        GenericKubernetesResource mig = new GenericKubernetesResource();
        mig.setApiVersion("kubevirt.io/v1");
        mig.setKind("VirtualMachineInstanceMigration");
        mig.setMetadata(new ObjectMetaBuilder().withName("kubevirt-migrate-vm-" + sim.suffix()).withNamespace(ns)
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp(now.toString())
                .addToLabels("kubevirt.io/vmi-name", name).build());
        mig.getAdditionalProperties().put("spec", new LinkedHashMap<>(Map.of("vmiName", name)));
        Map<String, Object> mst = new LinkedHashMap<>();
        mst.put("phase", "Scheduling");
        mig.getAdditionalProperties().put("status", mst);
        GenericKubernetesResource createdMig = sim.store.create(mig);

        GenericKubernetesResource targetPod = pods.createLauncher(vm, vmi, target, "Pending");
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("migrationUid", createdMig.getMetadata().getUid());
        state.put("sourceNode", source);
        state.put("targetNode", target);
        state.put("targetPod", targetPod.getMetadata().getName());
        state.put("startTimestamp", now.toString());
        state.put("mode", "PreCopy");
        st.put("migrationState", state);
        @SuppressWarnings("unchecked")
        Map<String, Object> active = new LinkedHashMap<>((Map<String, Object>) st.getOrDefault("activePods", Map.of()));
        active.put(targetPod.getMetadata().getUid(), target);
        st.put("activePods", active);
        sim.store.update(vmi);
        Map<String, Object> vs = ClusterStore.map(vm, "status");
        vs.put("printableStatus", "Migrating");
        sim.store.update(vm);

        String migName = createdMig.getMetadata().getName();
        String targetPodName = targetPod.getMetadata().getName();
        sim.later(key, token, () -> {
            sim.store.get(sim.podType, ns, targetPodName).ifPresent(p -> {
                pods.markPodRunning(p, placement.podIp(target));
                sim.store.update(p);
            });
            sim.store.get(sim.migrationType, ns, migName).ifPresent(m -> {
                ClusterStore.map(m, "status").put("phase", "Running");
                sim.store.update(m);
            });
            sim.later(key, token, () -> finishMigration(ns, name, migName, targetPodName, target));
        });
    }

    @SuppressWarnings("unchecked")
    private void finishMigration(String ns, String name, String migName, String targetPodName, String target) {
        Optional<GenericKubernetesResource> vmio = sim.store.get(sim.vmiType, ns, name);
        Optional<GenericKubernetesResource> tp = sim.store.get(sim.podType, ns, targetPodName);
        if (vmio.isEmpty() || tp.isEmpty()) {
            return;
        }
        GenericKubernetesResource vmi = vmio.get();
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        Map<String, Object> active = (Map<String, Object>) st.getOrDefault("activePods", Map.of());
        for (String podUid : List.copyOf(active.keySet())) {
            if (!podUid.equals(tp.get().getMetadata().getUid())) {
                for (GenericKubernetesResource p : pods.launchers(vmi)) {
                    if (podUid.equals(p.getMetadata().getUid())) {
                        pods.markPodCompleted(p);
                        sim.store.update(p);
                    }
                }
            }
        }
        st.put("activePods", new LinkedHashMap<>(Map.of(tp.get().getMetadata().getUid(), target)));
        st.put("nodeName", target);
        vmi.getMetadata().getLabels().put("kubevirt.io/nodeName", target);
        Map<String, Object> state = (Map<String, Object>) st.get("migrationState");
        if (state != null) {
            state.put("completed", true);
            state.put("endTimestamp", sim.now().toString());
        }
        String ip = ClusterStore.str(tp.get(), "status", "podIP");
        Object ifs = st.get("interfaces");
        if (ip != null && ifs instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put("ipAddress", ip);
            ((Map<String, Object>) m).put("ipAddresses", List.of(ip));
        }
        sim.store.update(vmi);
        sim.store.get(sim.migrationType, ns, migName).ifPresent(m -> {
            ClusterStore.map(m, "status").put("phase", "Succeeded");
            sim.store.update(m);
        });
        sim.store.get(sim.vmType, ns, name).ifPresent(vm -> {
            boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
            ClusterStore.map(vm, "status").put("printableStatus", paused ? "Paused" : "Running");
            sim.store.update(vm);
        });
    }


    @SuppressWarnings("unchecked")
    static boolean migrating(GenericKubernetesResource vmi) {
        Object state = vmi.get("status", "migrationState");
        return state instanceof Map<?, ?> m && !Boolean.TRUE.equals(((Map<String, Object>) m).get("completed"))
                && !Boolean.TRUE.equals(((Map<String, Object>) m).get("failed"));
    }
}
