package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Live migration as virt-controller and virt-handler run it: {@code migrate} creates a
 * VirtualMachineInstanceMigration and a target virt-launcher pod, then moves the VMI to the
 * target node (Migrating → Running). Callers hold the {@link Simulation}'s lock.
 */
final class VmMigrations {

    /** How many steps a migration stays Running (memory being copied) before it completes. */
    private static final int RUNNING_STEPS = 8;
    /** How many steps a target pod may stay unschedulable before the migration fails. */
    private static final int UNSCHEDULABLE_STEPS = 3;

    private final Simulation sim;
    private final NodePlacement placement;
    private final LauncherPods pods;
    private final EventRecorder events;
    /** Steps spent in a phase that lasts several, by {@code ns/migration/phase}. */
    private final Map<String, Integer> steps = new HashMap<>();

    VmMigrations(Simulation sim, NodePlacement placement, LauncherPods pods, EventRecorder events) {
        this.sim = sim;
        this.placement = placement;
        this.pods = pods;
        this.events = events;
    }

    /**
     * {@code PUT …/virtualmachines/{name}/migrate} of {@code vm}, whose VMI is {@code vmi} if
     * any; the body may carry {@code addedNodeSelector} (labels the target node must have).
     */
    MockResponse request(GenericKubernetesResource vm, Optional<GenericKubernetesResource> vmi, String body) {
        String name = vm.getMetadata().getName();
        if (vmi.isEmpty() || !"Running".equals(ClusterStore.str(vmi.get(), "status", "phase"))) {
            return Simulation.conflictVm(name, "VM is not running");
        }
        if (migrating(vmi.get())) {
            return Simulation.conflictVm(name, "VM is already migrating");
        }
        Map<String, String> selector;
        try {
            selector = addedNodeSelector(body);
        } catch (RuntimeException e) {
            return Responses.badRequest("the migrate options are not valid JSON: " + e.getMessage());
        }
        if (selector.isEmpty() && placement.targetNode(vmi.get()).isEmpty()) {
            return Simulation.conflictVm(name, "no other node can run this VM");
        }
        migrate(vm, vmi.get(), selector, "kubevirt-migrate-vm-", null);
        return Simulation.accepted();
    }

    /**
     * What virt-controller does when a running VMI's launcher pod is evicted (a node drain): it
     * notes the node to leave in {@code evacuationNodeName} and migrates the VMI elsewhere.
     */
    void evacuate(GenericKubernetesResource vmi, String node) {
        if (migrating(vmi)) {
            return;
        }
        ClusterStore.map(vmi, "status").put("evacuationNodeName", node);
        sim.store.update(vmi);
        sim.store.get(sim.vmType, vmi.getMetadata().getNamespace(), vmi.getMetadata().getName())
                .ifPresent(vm -> migrate(vm, vmi, Map.of(), "kubevirt-evacuation-", node));
    }

    /** Resumes the seeded migrations that were under way when the lab started. */
    void resumeSeeded() {
        for (GenericKubernetesResource m : sim.store.list(sim.migrationType, null, null)) {
            String phase = ClusterStore.str(m, "status", "phase");
            if (phase != null && !terminal(phase)) {
                String ns = m.getMetadata().getNamespace();
                String vmiName = ClusterStore.str(m, "spec", "vmiName");
                sim.store.get(sim.vmType, ns, vmiName).ifPresent(vm -> schedule(vm, m.getMetadata().getName()));
            }
        }
    }

    /**
     * Deleting a migration that is under way aborts it, as KubeVirt's Cancel does: the VMI stays
     * on its source, the target pod goes, the migration ends Failed (watchers see that) and is
     * then removed. Answers the object being deleted, or empty when the migration has ended
     * (a plain delete).
     */
    Optional<GenericKubernetesResource> cancel(String ns, String migName) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.migrationType, ns, migName);
        if (found.isEmpty() || terminal(ClusterStore.str(found.get(), "status", "phase"))) {
            return Optional.empty();
        }
        GenericKubernetesResource m = found.get();
        String vmiName = ClusterStore.str(m, "spec", "vmiName");
        Optional<GenericKubernetesResource> vm = sim.store.get(sim.vmType, ns, vmiName);
        String key = ns + "/" + vmiName;
        long token = sim.bump(key);
        m.getMetadata().setDeletionTimestamp(sim.now().toString());
        m.getMetadata().setFinalizers(List.of("kubevirt.io/migrationJobFinalize"));
        events.normal(m, "SuccessfulAbortMigration", "Migration is ready to be canceled by virt-handler.",
                EventRecorder.Source.of("virtualmachine-controller"));
        GenericKubernetesResource failed = fail(m, "Live migration aborted: the migration object was deleted",
                true);
        Runnable finalize = () -> sim.store.get(sim.migrationType, ns, migName).ifPresent(gone -> {
            gone.getMetadata().setFinalizers(List.of()); // virt-controller's finalizer, done
            sim.store.update(gone);
            sim.store.delete(sim.migrationType, ns, migName);
        });
        if (vm.isPresent()) {
            sim.later(key, token, finalize);
        } else {
            finalize.run();
        }
        return Optional.of(failed);
    }

    private void migrate(GenericKubernetesResource vm, GenericKubernetesResource vmi, Map<String, String> selector,
                         String namePrefix, String evacuating) {
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        Instant now = sim.now();
        GenericKubernetesResource mig = new GenericKubernetesResource();
        mig.setApiVersion("kubevirt.io/v1");
        mig.setKind("VirtualMachineInstanceMigration");
        mig.setMetadata(new ObjectMetaBuilder().withName(namePrefix + sim.suffix()).withNamespace(ns)
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp(now.toString())
                .addToLabels("kubevirt.io/vmi-name", name).build());
        if (evacuating != null) {
            mig.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of("kubevirt.io/evacuationMigration", evacuating)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("vmiName", name);
        if (!selector.isEmpty()) {
            spec.put("addedNodeSelector", new LinkedHashMap<>(selector));
        }
        mig.getAdditionalProperties().put("spec", spec);
        Map<String, Object> mst = new LinkedHashMap<>();
        mst.put("phase", "Pending");
        mig.getAdditionalProperties().put("status", mst);
        sim.addPhaseTransition(mst, "Pending");
        GenericKubernetesResource created = sim.store.create(mig);

        Map<String, Object> st = ClusterStore.map(vmi, "status");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("migrationUid", created.getMetadata().getUid());
        state.put("sourceNode", ClusterStore.str(vmi, "status", "nodeName"));
        String sourcePod = pods.launchers(vmi).stream()
                .filter(p -> "Running".equals(ClusterStore.str(p, "status", "phase")))
                .map(p -> p.getMetadata().getName()).findFirst().orElse(null);
        if (sourcePod != null) {
            state.put("sourcePod", sourcePod);
        }
        state.put("mode", "PreCopy");
        st.put("migrationState", state);
        sim.store.update(vmi);
        ClusterStore.map(vm, "status").put("printableStatus", "Migrating");
        sim.store.update(vm);
        schedule(vm, created.getMetadata().getName());
    }

    private void schedule(GenericKubernetesResource vm, String migName) {
        String key = Simulation.key(vm);
        long token = sim.bump(key);
        step(key, token, vm.getMetadata().getNamespace(), migName);
    }

    private void step(String key, long token, String ns, String migName) {
        sim.later(key, token, () -> {
            if (advance(ns, migName)) {
                step(key, token, ns, migName);
            }
        });
    }

    /**
     * One step of virt-controller and virt-handler: the migration's next phase (Pending →
     * Scheduling → Scheduled → PreparingTarget → TargetReady → Running → Succeeded, or Failed
     * when no node can take the target pod). Answers whether more steps follow.
     */
    @SuppressWarnings("unchecked")
    private boolean advance(String ns, String migName) {
        Optional<GenericKubernetesResource> mo = sim.store.get(sim.migrationType, ns, migName);
        if (mo.isEmpty()) {
            return false;
        }
        GenericKubernetesResource m = mo.get();
        String vmiName = ClusterStore.str(m, "spec", "vmiName");
        Optional<GenericKubernetesResource> vmio = sim.store.get(sim.vmiType, ns, vmiName);
        Optional<GenericKubernetesResource> vmo = sim.store.get(sim.vmType, ns, vmiName);
        if (vmio.isEmpty() || vmo.isEmpty()) {
            fail(m, "the VMI is gone", false);
            return false;
        }
        GenericKubernetesResource vmi = vmio.get();
        Map<String, Object> state = (Map<String, Object>) ClusterStore.map(vmi, "status").get("migrationState");
        if (state == null) {
            state = new LinkedHashMap<>();
            ClusterStore.map(vmi, "status").put("migrationState", state);
        }
        Map<String, String> selector = new LinkedHashMap<>();
        Object sel = m.get("spec", "addedNodeSelector");
        if (sel instanceof Map<?, ?> sm) {
            sm.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
        }
        String phase = Objects.toString(ClusterStore.str(m, "status", "phase"), "Pending");
        EventRecorder.Source controller = EventRecorder.Source.of("virtualmachine-controller");
        switch (phase) {
            case "Pending": {
                Map<String, String> labels = Map.of("kubevirt.io/migrationJobUID", m.getMetadata().getUid());
                GenericKubernetesResource target = pods.createLauncher(vmo.get(), vmi, null, "Pending", labels,
                        selector);
                state.put("targetPod", target.getMetadata().getName());
                Map<String, Object> active = new LinkedHashMap<>(
                        (Map<String, Object>) ClusterStore.map(vmi, "status").getOrDefault("activePods", Map.of()));
                ClusterStore.map(vmi, "status").put("activePods", active);
                sim.store.update(vmi);
                events.normal(m, "SuccessfulCreate", "Created migration target pod " + ns + "/"
                        + target.getMetadata().getName() + " with uuid " + target.getMetadata().getUid()
                        + " for migration " + migName, controller);
                setPhase(m, "Scheduling");
                return true;
            }
            case "Scheduling": {
                String targetPod = Objects.toString(state.get("targetPod"), null);
                Optional<GenericKubernetesResource> tp = targetPod == null ? Optional.empty()
                        : sim.store.get(sim.podType, ns, targetPod);
                if (tp.isEmpty()) {
                    fail(m, "the migration target pod is gone", false);
                    return false;
                }
                Optional<String> node = placement.targetNode(vmi, selector);
                if (node.isEmpty()) {
                    String why = placement.whyNoTarget(vmi, selector);
                    if (steps.merge(ns + "/" + migName + "/Scheduling", 1, Integer::sum) < UNSCHEDULABLE_STEPS) {
                        GenericKubernetesResource p = tp.get();
                        pods.unschedulable(p, why);
                        sim.store.update(p);
                        events.warning(p, "FailedScheduling", why, EventRecorder.Source.of("default-scheduler"));
                        return true;
                    }
                    steps.remove(ns + "/" + migName + "/Scheduling");
                    fail(m, "Migration target pod for VMI [" + ns + "/" + vmiName + "] was unschedulable: " + why,
                            false);
                    return false;
                }
                GenericKubernetesResource p = tp.get();
                pods.assign(p, node.get());
                String ip = placement.podIp(node.get());
                pods.markPodRunning(p, ip);
                sim.store.update(p);
                events.normal(p, "Scheduled", "Successfully assigned " + ns + "/" + targetPod + " to " + node.get(),
                        EventRecorder.Source.of("default-scheduler"));
                Map<String, Object> active = new LinkedHashMap<>(
                        (Map<String, Object>) ClusterStore.map(vmi, "status").getOrDefault("activePods", Map.of()));
                active.put(p.getMetadata().getUid(), node.get());
                ClusterStore.map(vmi, "status").put("activePods", active);
                state.put("targetNode", node.get());
                state.put("targetNodeAddress", placement.nodeIp(node.get()));
                sim.store.update(vmi);
                setPhase(m, "Scheduled");
                return true;
            }
            case "Scheduled": {
                String target = Objects.toString(state.get("targetNode"), "");
                events.normal(vmi, "PreparingTarget", "Migration Target is listening at "
                        + placement.nodeIp(target) + ", on ports: 45713,38001", new EventRecorder.Source("virt-handler",
                        target));
                setPhase(m, "PreparingTarget");
                return true;
            }
            case "PreparingTarget":
                state.put("targetNodeDomainDetected", true);
                sim.store.update(vmi);
                setPhase(m, "TargetReady");
                return true;
            case "TargetReady": {
                state.put("startTimestamp", sim.now().toString());
                sim.store.update(vmi);
                events.normal(vmi, "Migrating", "VirtualMachineInstance is migrating.",
                        new EventRecorder.Source("virt-handler", Objects.toString(state.get("sourceNode"), null)));
                setPhase(m, "Running");
                return true;
            }
            case "Running":
                if (steps.merge(ns + "/" + migName + "/Running", 1, Integer::sum) < RUNNING_STEPS) {
                    return true;
                }
                steps.remove(ns + "/" + migName + "/Running");
                finish(ns, vmiName, migName);
                return false;
            default:
                return false;
        }
    }


    private void setPhase(GenericKubernetesResource m, String phase) {
        Map<String, Object> st = ClusterStore.map(m, "status");
        st.put("phase", phase);
        sim.addPhaseTransition(st, phase);
        sim.store.update(m);
    }

    /**
     * Ends a migration as failed (aborted when {@code aborted}): the VMI stays on its source with
     * {@code migrationState.failed}, the target pod goes, the VM is Running (or Paused) again.
     */
    @SuppressWarnings("unchecked")
    private GenericKubernetesResource fail(GenericKubernetesResource m, String reason, boolean aborted) {
        String ns = m.getMetadata().getNamespace();
        String vmiName = ClusterStore.str(m, "spec", "vmiName");
        Optional<GenericKubernetesResource> vmio = sim.store.get(sim.vmiType, ns, vmiName);
        vmio.ifPresent(vmi -> {
            Map<String, Object> st = ClusterStore.map(vmi, "status");
            Map<String, Object> state = (Map<String, Object>) st.get("migrationState");
            if (state != null) {
                Object targetPod = state.get("targetPod");
                if (targetPod != null) {
                    sim.store.get(sim.podType, ns, String.valueOf(targetPod)).ifPresent(p -> {
                        Map<String, Object> active = new LinkedHashMap<>(
                                (Map<String, Object>) st.getOrDefault("activePods", Map.of()));
                        active.remove(p.getMetadata().getUid());
                        st.put("activePods", active);
                        sim.store.delete(sim.podType, ns, p.getMetadata().getName());
                    });
                }
                state.put("completed", false);
                state.put("failed", true);
                state.put("endTimestamp", sim.now().toString());
                state.put("failureReason", reason);
                if (aborted) {
                    state.put("abortRequested", true);
                    state.put("abortStatus", "Succeeded");
                }
            }
            sim.store.update(vmi);
            events.warning(vmi, "MigrationFailed", "VirtualMachineInstance migration uid "
                    + m.getMetadata().getUid() + " failed. reason: " + reason,
                    new EventRecorder.Source("virt-handler", ClusterStore.str(vmi, "status", "nodeName")));
            sim.store.get(sim.vmType, ns, vmiName).ifPresent(vm -> {
                boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
                ClusterStore.map(vm, "status").put("printableStatus", paused ? "Paused" : "Running");
                sim.store.update(vm);
            });
        });
        Map<String, Object> st = ClusterStore.map(m, "status");
        st.put("phase", "Failed");
        sim.addPhaseTransition(st, "Failed");
        if (!aborted) {
            events.warning(m, "FailedMigration", reason, EventRecorder.Source.of("virtualmachine-controller"));
        }
        return sim.store.update(m);
    }

    @SuppressWarnings("unchecked")
    private void finish(String ns, String name, String migName) {
        Optional<GenericKubernetesResource> vmio = sim.store.get(sim.vmiType, ns, name);
        if (vmio.isEmpty()) {
            return;
        }
        GenericKubernetesResource vmi = vmio.get();
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        Map<String, Object> state = (Map<String, Object>) st.get("migrationState");
        String targetPodName = state == null ? null : Objects.toString(state.get("targetPod"), null);
        Optional<GenericKubernetesResource> tp = targetPodName == null ? Optional.empty()
                : sim.store.get(sim.podType, ns, targetPodName);
        if (tp.isEmpty()) {
            sim.store.get(sim.migrationType, ns, migName).ifPresent(m -> fail(m, "the migration target pod is gone",
                    false));
            return;
        }
        String target = ClusterStore.str(tp.get(), "spec", "nodeName");
        String source = ClusterStore.str(vmi, "status", "nodeName");
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
        st.remove("evacuationNodeName");
        vmi.getMetadata().getLabels().put("kubevirt.io/nodeName", target);
        state.put("completed", true);
        state.put("endTimestamp", sim.now().toString());
        state.putIfAbsent("startTimestamp", sim.now().toString());
        state.put("targetNode", target);
        String ip = ClusterStore.str(tp.get(), "status", "podIP");
        Object ifs = st.get("interfaces");
        if (ip != null && ifs instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put("ipAddress", ip);
            ((Map<String, Object>) m).put("ipAddresses", List.of(ip));
        }
        sim.store.update(vmi);
        events.normal(vmi, "Migrated", "The VirtualMachineInstance migrated to node " + target + ".",
                new EventRecorder.Source("virt-handler", source));
        sim.store.get(sim.migrationType, ns, migName).ifPresent(m -> setPhase(m, "Succeeded"));
        sim.store.get(sim.vmType, ns, name).ifPresent(vm -> {
            boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
            ClusterStore.map(vm, "status").put("printableStatus", paused ? "Paused" : "Running");
            sim.store.update(vm);
        });
    }

    static boolean terminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** {@code addedNodeSelector} of a migrate body ({@code {"addedNodeSelector":{"k":"v"}}}), or empty. */
    static Map<String, String> addedNodeSelector(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        Map<?, ?> options = Serialization.unmarshal(body, Map.class);
        Object sel = options == null ? null : options.get("addedNodeSelector");
        if (sel instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static boolean migrating(GenericKubernetesResource vmi) {
        Object state = vmi.get("status", "migrationState");
        return state instanceof Map<?, ?> m && !Boolean.TRUE.equals(((Map<String, Object>) m).get("completed"))
                && !Boolean.TRUE.equals(((Map<String, Object>) m).get("failed"));
    }
}
