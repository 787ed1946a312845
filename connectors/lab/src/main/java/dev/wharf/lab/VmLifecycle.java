package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A VM's life as virt-api and virt-controller run it: the lifecycle subresources
 * ({@code start}, {@code stop}, {@code restart} on VirtualMachines, {@code pause},
 * {@code unpause} on VirtualMachineInstances; {@code migrate} is {@link VmMigrations}'). A call
 * that does not fit the current state answers 409 with KubeVirt's message; an accepted one
 * answers 202 and changes the VM, its VMI and its virt-launcher pods in steps (Starting →
 * Running, Stopping → Stopped). Callers hold the {@link Simulation}'s lock.
 */
final class VmLifecycle {

    /** Guest OS facts by the VM's {@code wharf.dev/os} label, as the guest agent would report them. */
    private static final Map<String, Map<String, Object>> GUEST_OS = Map.of(
            "rocky", os("rocky", "Rocky Linux", "Rocky Linux 9.5 (Blue Onyx)", "9.5", "5.14.0-503.14.1.el9_5.x86_64",
                    "#1 SMP PREEMPT_DYNAMIC Fri Nov 15 12:04:32 UTC 2024"),
            "fedora", os("fedora", "Fedora Linux", "Fedora Linux 41 (Cloud Edition)", "41", "6.11.4-301.fc41.x86_64",
                    "#1 SMP PREEMPT_DYNAMIC Sun Oct 20 15:02:33 UTC 2024"),
            "debian", os("debian", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", "12", "6.1.0-28-cloud-amd64",
                    "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"));

    private static final EventRecorder.Source CONTROLLER = EventRecorder.Source.of("virtualmachine-controller");

    private final Simulation sim;
    private final NodePlacement placement;
    private final LauncherPods pods;
    private final VmMigrations migrations;
    private final GuestConsoles consoles;
    private final EventRecorder events;

    VmLifecycle(Simulation sim, NodePlacement placement, LauncherPods pods, VmMigrations migrations,
                GuestConsoles consoles, EventRecorder events) {
        this.events = events;
        this.sim = sim;
        this.placement = placement;
        this.pods = pods;
        this.migrations = migrations;
        this.consoles = consoles;
    }

    // --- VirtualMachine subresources ---------------------------------------------------------

    MockResponse vmAction(String ns, String name, String action, String body) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.vmType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachines", "kubevirt.io", name);
        }
        GenericKubernetesResource vm = found.get();
        Optional<GenericKubernetesResource> vmi = sim.store.get(sim.vmiType, ns, name);
        switch (action) {
            case "start":
                if (vmi.isPresent()) {
                    return Simulation.conflictVm(name, "VM is already running");
                }
                start(vm, body != null && body.replace(" ", "").contains("\"paused\":true"));
                return Simulation.accepted();
            case "stop":
                if (vmi.isEmpty()) {
                    return Simulation.conflictVm(name, "VM is not running");
                }
                stop(vm);
                return Simulation.accepted();
            case "restart":
                if (vmi.isEmpty()) {
                    return Simulation.conflictVm(name, "VM is not running");
                }
                restart(vm);
                return Simulation.accepted();
            case "migrate":
                return migrations.request(vm, vmi, body);
            default:
                return Responses.notFound("virtualmachines/" + action, "subresources.kubevirt.io", name);
        }
    }

    // --- VirtualMachineInstance subresources -------------------------------------------------

    MockResponse vmiAction(String ns, String name, String action) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.vmiType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        boolean running = "Running".equals(ClusterStore.str(vmi, "status", "phase"));
        boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
        switch (action) {
            case "pause":
                if (!running) {
                    return Simulation.conflictVmi(name, "VMI is not running");
                }
                if (paused) {
                    return Simulation.conflictVmi(name, "VMI is already paused");
                }
                setPaused(vmi, true);
                return Simulation.accepted();
            case "unpause":
                if (!paused) {
                    return Simulation.conflictVmi(name, "VMI is not paused");
                }
                setPaused(vmi, false);
                return Simulation.accepted();
            default:
                return Responses.notFound("virtualmachineinstances/" + action, "subresources.kubevirt.io", name);
        }
    }


    // --- transitions -----------------------------------------------------------------------------

    private void start(GenericKubernetesResource vm, boolean paused) {
        String key = Simulation.key(vm);
        long token = sim.bump(key);
        Map<String, Object> spec = ClusterStore.map(vm, "spec");
        String strategy = strategy(vm);
        if ("Halted".equals(strategy)) {
            spec.put("runStrategy", "Always");
            spec.remove("running");
        }
        Map<String, Object> status = ClusterStore.map(vm, "status");
        status.put("printableStatus", "Starting");
        status.put("created", true);
        status.put("ready", false);
        status.put("runStrategy", spec.get("runStrategy"));
        status.put("conditions", List.of(sim.condition("Ready", "False", "VMINotExists", "VMI does not exist")));
        sim.store.update(vm);
        GenericKubernetesResource vmi = createVmi(vm);
        events.normal(vm, "SuccessfulCreate", "Started the virtual machine by creating the new virtual machine instance "
                + vmi.getMetadata().getName(), CONTROLLER);
        Optional<String> node = placement.scheduleNode(vm);
        GenericKubernetesResource pod = pods.createLauncher(vm, vmi, node.orElse(null), "Pending");
        events.normal(vmi, "SuccessfulCreate", "Created virtual machine pod " + pod.getMetadata().getName(),
                CONTROLLER);
        if (node.isEmpty()) {
            sim.later(key, token, () -> unschedulable(vm.getMetadata().getNamespace(), vm.getMetadata().getName(), pod));
        } else {
            sim.later(key, token, () -> running(vm.getMetadata().getNamespace(), vm.getMetadata().getName(),
                    pod.getMetadata().getName(), node.get(), paused));
        }
    }

    private void running(String ns, String name, String podName, String node, boolean paused) {
        Optional<GenericKubernetesResource> vmo = sim.store.get(sim.vmType, ns, name);
        Optional<GenericKubernetesResource> vmio = sim.store.get(sim.vmiType, ns, name);
        Optional<GenericKubernetesResource> podo = sim.store.get(sim.podType, ns, podName);
        if (vmo.isEmpty() || vmio.isEmpty() || podo.isEmpty()) {
            return;
        }
        GenericKubernetesResource pod = podo.get();
        events.normal(pod, "Scheduled", "Successfully assigned " + ns + "/" + podName + " to " + node,
                EventRecorder.Source.of("default-scheduler"));
        String ip = placement.podIp(node);
        pods.markPodRunning(pod, ip);
        sim.store.update(pod);
        EventRecorder.Source kubelet = new EventRecorder.Source("kubelet", node);
        events.record(pod, "spec.containers{compute}", "Started", "Started container compute", "Normal", kubelet);

        GenericKubernetesResource vmi = vmio.get();
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        st.put("phase", "Running");
        st.put("nodeName", node);
        vmi.getMetadata().getLabels().put("kubevirt.io/nodeName", node);
        Map<String, Object> active = new LinkedHashMap<>();
        active.put(pod.getMetadata().getUid(), node);
        st.put("activePods", active);
        Map<String, Object> iface = new LinkedHashMap<>();
        iface.put("name", "default");
        iface.put("interfaceName", "eth0");
        iface.put("ipAddress", ip);
        iface.put("ipAddresses", List.of(ip));
        iface.put("mac", Simulation.mac(vmi.getMetadata().getUid()));
        iface.put("infoSource", "domain, guest-agent");
        iface.put("queueCount", 1);
        st.put("interfaces", List.of(iface));
        String os = Simulation.label(vmo.get(), "wharf.dev/os");
        st.put("guestOSInfo", GUEST_OS.getOrDefault(os, Map.of()));
        st.put("migrationMethod", "BlockMigration");
        st.put("migrationTransport", "Unix");
        List<Object> conds = new ArrayList<>();
        conds.add(sim.condition("Ready", paused ? "False" : "True", paused ? "PausedByUser" : null, null));
        conds.add(sim.condition("LiveMigratable", "True", null, null));
        if (GUEST_OS.containsKey(os)) {
            conds.add(sim.condition("AgentConnected", "True", null, null));
        }
        if (paused) {
            conds.add(sim.condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        st.put("conditions", conds);
        sim.addPhaseTransition(st, "Scheduled");
        sim.addPhaseTransition(st, "Running");
        sim.store.update(vmi);

        GenericKubernetesResource vm = vmo.get();
        Map<String, Object> vs = ClusterStore.map(vm, "status");
        vs.put("printableStatus", paused ? "Paused" : "Running");
        vs.put("ready", !paused);
        vs.put("created", true);
        vs.put("conditions", vmConditions(paused));
        sim.store.update(vm);
        events.normal(vmi, "Started", "VirtualMachineInstance started.", new EventRecorder.Source("virt-handler", node));
    }

    private void unschedulable(String ns, String name, GenericKubernetesResource pod) {
        String msg = "0/4 nodes are available: no schedulable node has enough memory for this VM.";
        sim.store.get(sim.podType, ns, pod.getMetadata().getName()).ifPresent(p -> {
            ClusterStore.map(p, "status").put("conditions", List.of(
                    sim.condition("PodScheduled", "False", "Unschedulable", msg)));
            sim.store.update(p);
            events.warning(p, "FailedScheduling", msg, EventRecorder.Source.of("default-scheduler"));
        });
        sim.store.get(sim.vmiType, ns, name).ifPresent(vmi -> {
            ClusterStore.map(vmi, "status").put("conditions", List.of(
                    sim.condition("PodScheduled", "False", "Unschedulable", msg)));
            sim.store.update(vmi);
        });
        sim.store.get(sim.vmType, ns, name).ifPresent(vm -> {
            Map<String, Object> vs = ClusterStore.map(vm, "status");
            vs.put("printableStatus", "ErrorUnschedulable");
            vs.put("conditions", List.of(sim.condition("Ready", "False", "PodNotExists",
                    "virt-launcher pod has not yet been scheduled"), sim.condition("PodScheduled", "False",
                    "Unschedulable", msg)));
            sim.store.update(vm);
        });
    }

    private void stop(GenericKubernetesResource vm) {
        String key = Simulation.key(vm);
        long token = sim.bump(key);
        String strategy = strategy(vm);
        Map<String, Object> spec = ClusterStore.map(vm, "spec");
        if (!"Manual".equals(strategy)) {
            spec.put("runStrategy", "Halted");
            spec.remove("running");
        }
        Map<String, Object> status = ClusterStore.map(vm, "status");
        status.put("printableStatus", "Stopping");
        status.put("ready", false);
        status.put("runStrategy", spec.get("runStrategy"));
        sim.store.update(vm);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        shuttingDown(vm);
        sim.later(key, token, () -> {
            removeVmi(ns, name);
            sim.store.get(sim.vmType, ns, name).ifPresent(v -> {
                Map<String, Object> vs = ClusterStore.map(v, "status");
                vs.put("printableStatus", "Stopped");
                vs.put("ready", false);
                vs.remove("created");
                vs.put("conditions", List.of(sim.condition("Ready", "False", "VMINotExists", "VMI does not exist")));
                sim.store.update(v);
            });
        });
    }

    private void restart(GenericKubernetesResource vm) {
        String key = Simulation.key(vm);
        long token = sim.bump(key);
        ClusterStore.map(vm, "status").put("printableStatus", "Stopping");
        ClusterStore.map(vm, "status").put("ready", false);
        sim.store.update(vm);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        shuttingDown(vm);
        sim.later(key, token, () -> {
            removeVmi(ns, name);
            sim.store.get(sim.vmType, ns, name).ifPresent(v -> start(v, false));
        });
    }


    /** What virt-controller and virt-handler report when a VM is asked to stop. */
    private void shuttingDown(GenericKubernetesResource vm) {
        sim.store.get(sim.vmiType, vm.getMetadata().getNamespace(), vm.getMetadata().getName()).ifPresent(vmi -> {
            events.normal(vm, "SuccessfulDelete", "Stopped the virtual machine by deleting the virtual machine instance "
                    + vmi.getMetadata().getUid(), CONTROLLER);
            events.normal(vmi, "ShuttingDown", "Signaled Graceful Shutdown",
                    new EventRecorder.Source("virt-handler", ClusterStore.str(vmi, "status", "nodeName")));
        });
    }

    private void setPaused(GenericKubernetesResource vmi, boolean paused) {
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        List<Object> conds = new ArrayList<>();
        Object cs = st.get("conditions");
        if (cs instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && !"Paused".equals(m.get("type")) && !"Ready".equals(m.get("type"))) {
                    conds.add(o);
                }
            }
        }
        conds.add(0, sim.condition("Ready", paused ? "False" : "True", paused ? "PausedByUser" : null, null));
        if (paused) {
            conds.add(sim.condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        st.put("conditions", conds);
        sim.store.update(vmi);
        events.normal(vmi, paused ? "Paused" : "Resumed", paused ? "VirtualMachineInstance paused"
                : "VirtualMachineInstance unpaused", new EventRecorder.Source("virt-handler",
                ClusterStore.str(vmi, "status", "nodeName")));
        sim.store.get(sim.vmType, vmi.getMetadata().getNamespace(), vmi.getMetadata().getName()).ifPresent(vm -> {
            Map<String, Object> vs = ClusterStore.map(vm, "status");
            boolean migratingNow = VmMigrations.migrating(vmi);
            vs.put("printableStatus", paused ? "Paused" : migratingNow ? "Migrating" : "Running");
            vs.put("ready", !paused);
            vs.put("conditions", vmConditions(paused));
            sim.store.update(vm);
        });
    }

    /** A running VM's conditions as KubeVirt sets them: Ready, and Paused while paused. */
    private List<Object> vmConditions(boolean paused) {
        List<Object> conds = new ArrayList<>();
        conds.add(sim.condition("Ready", paused ? "False" : "True", null, null));
        if (paused) {
            conds.add(sim.condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        return conds;
    }

    private void removeVmi(String ns, String name) {
        sim.store.get(sim.vmiType, ns, name).ifPresent(vmi -> {
            for (GenericKubernetesResource p : pods.launchers(vmi)) {
                if ("Running".equals(ClusterStore.str(p, "status", "phase"))) {
                    events.record(p, "spec.containers{compute}", "Killing", "Stopping container compute", "Normal",
                            new EventRecorder.Source("kubelet", ClusterStore.str(p, "spec", "nodeName")));
                }
                sim.store.delete(sim.podType, ns, p.getMetadata().getName());
            }
            for (GenericKubernetesResource m : sim.store.list(sim.migrationType, ns, "kubevirt.io/vmi-name=" + name)) {
                String phase = ClusterStore.str(m, "status", "phase");
                if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                    ClusterStore.map(m, "status").put("phase", "Failed");
                    sim.store.update(m);
                }
            }
            sim.store.delete(sim.vmiType, ns, name);
            consoles.hangUp(vmi.getMetadata().getUid());
        });
    }



    @SuppressWarnings("unchecked")
    private GenericKubernetesResource createVmi(GenericKubernetesResource vm) {
        Map<String, Object> template = (Map<String, Object>) ClusterStore.map(vm, "spec").get("template");
        Map<String, Object> tmeta = template == null ? Map.of()
                : (Map<String, Object>) template.getOrDefault("metadata", Map.of());
        Map<String, String> labels = new LinkedHashMap<>();
        Object tl = tmeta.get("labels");
        if (tl instanceof Map<?, ?> m) {
            m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        GenericKubernetesResource vmi = new GenericKubernetesResource();
        vmi.setApiVersion("kubevirt.io/v1");
        vmi.setKind("VirtualMachineInstance");
        vmi.setMetadata(new ObjectMetaBuilder().withName(vm.getMetadata().getName())
                .withNamespace(vm.getMetadata().getNamespace()).withUid(UUID.randomUUID().toString())
                .withCreationTimestamp(sim.now().toString()).withLabels(labels)
                .addToAnnotations("kubevirt.io/vm-generation", "1")
                .addToAnnotations("kubevirt.io/latest-observed-api-version", "v1")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("kubevirt.io/v1")
                        .withKind("VirtualMachine").withName(vm.getMetadata().getName())
                        .withUid(vm.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                .build());
        Object spec = template == null ? Map.of() : template.getOrDefault("spec", Map.of());
        vmi.getAdditionalProperties().put("spec", Serialization.jsonMapper().convertValue(spec, Map.class));
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("phase", "Scheduling");
        st.put("qosClass", "Burstable");
        st.put("launcherContainerImageVersion", LauncherPods.LAUNCHER_IMAGE);
        st.put("guestOSInfo", Map.of());
        List<Object> transitions = new ArrayList<>();
        st.put("phaseTransitionTimestamps", transitions);
        vmi.getAdditionalProperties().put("status", st);
        sim.addPhaseTransition(st, "Pending");
        sim.addPhaseTransition(st, "Scheduling");
        return sim.store.create(vmi);
    }

    private static String strategy(GenericKubernetesResource vm) {
        Object s = vm.get("spec", "runStrategy");
        if (s != null) {
            return String.valueOf(s);
        }
        Object running = vm.get("spec", "running");
        return Boolean.TRUE.equals(running) ? "Always" : "Halted";
    }


    private static Map<String, Object> os(String id, String name, String pretty, String versionId, String kernel,
                                          String kernelVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("prettyName", pretty);
        m.put("version", versionId);
        m.put("versionId", versionId);
        m.put("kernelRelease", kernel);
        m.put("kernelVersion", kernelVersion);
        m.put("machine", "x86_64");
        return m;
    }
}
