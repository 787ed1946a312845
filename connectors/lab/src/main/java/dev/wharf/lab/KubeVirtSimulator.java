package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What virt-api and virt-controller would do, for the lab: the lifecycle subresources
 * ({@code start}, {@code stop}, {@code restart}, {@code migrate} on VirtualMachines,
 * {@code pause}, {@code unpause} on VirtualMachineInstances), the VMI serial console and pod
 * exec. A call that does not fit the current state answers 409 with KubeVirt's message; an
 * accepted one answers 202 and changes the VM, its VMI and its virt-launcher pods in steps
 * (Starting → Running, Stopping → Stopped, Migrating → Running), each a write through the
 * {@link ClusterStore} that watches see. All state changes run under this object's lock and
 * never block on I/O.
 */
final class KubeVirtSimulator implements AutoCloseable {

    private static final String LAUNCHER_IMAGE = "quay.io/kubevirt/virt-launcher:v1.4.0";

    /** Guest OS facts by the VM's {@code wharf.dev/os} label, as the guest agent would report them. */
    private static final Map<String, Map<String, Object>> GUEST_OS = Map.of(
            "rocky", os("rocky", "Rocky Linux", "Rocky Linux 9.5 (Blue Onyx)", "9.5", "5.14.0-503.14.1.el9_5.x86_64",
                    "#1 SMP PREEMPT_DYNAMIC Fri Nov 15 12:04:32 UTC 2024"),
            "fedora", os("fedora", "Fedora Linux", "Fedora Linux 41 (Cloud Edition)", "41", "6.11.4-301.fc41.x86_64",
                    "#1 SMP PREEMPT_DYNAMIC Sun Oct 20 15:02:33 UTC 2024"),
            "debian", os("debian", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", "12", "6.1.0-28-cloud-amd64",
                    "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"));

    private final ClusterStore store;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Duration step;
    private final ApiResources.Type vmType;
    private final ApiResources.Type vmiType;
    private final ApiResources.Type migrationType;
    private final ApiResources.Type podType;
    private final ApiResources.Type nodeType;
    private final Map<String, Long> generation = new HashMap<>();
    private final Map<String, SerialConsole> consoles = new HashMap<>();
    private final Random random = new Random();
    private int nextIp = 150;
    private volatile boolean closed;

    KubeVirtSimulator(ClusterStore store, ScheduledExecutorService timer, Clock clock, Duration step) {
        this.store = store;
        this.timer = timer;
        this.clock = clock;
        this.step = step;
        this.vmType = store.type("kubevirt.io/v1", "VirtualMachine");
        this.vmiType = store.type("kubevirt.io/v1", "VirtualMachineInstance");
        this.migrationType = store.type("kubevirt.io/v1", "VirtualMachineInstanceMigration");
        this.podType = store.type("v1", "Pod");
        this.nodeType = store.type("v1", "Node");
    }

    // --- VirtualMachine subresources ---------------------------------------------------------

    synchronized MockResponse vmAction(String ns, String name, String action, String body) {
        Optional<GenericKubernetesResource> found = store.get(vmType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachines", "kubevirt.io", name);
        }
        GenericKubernetesResource vm = found.get();
        Optional<GenericKubernetesResource> vmi = store.get(vmiType, ns, name);
        switch (action) {
            case "start":
                if (vmi.isPresent()) {
                    return conflictVm(name, "VM is already running");
                }
                start(vm, body != null && body.replace(" ", "").contains("\"paused\":true"));
                return accepted();
            case "stop":
                if (vmi.isEmpty()) {
                    return conflictVm(name, "VM is not running");
                }
                stop(vm);
                return accepted();
            case "restart":
                if (vmi.isEmpty()) {
                    return conflictVm(name, "VM is not running");
                }
                restart(vm);
                return accepted();
            case "migrate":
                if (vmi.isEmpty() || !"Running".equals(ClusterStore.str(vmi.get(), "status", "phase"))) {
                    return conflictVm(name, "VM is not running");
                }
                if (migrating(vmi.get())) {
                    return conflictVm(name, "VM is already migrating");
                }
                Optional<String> target = targetNode(vmi.get());
                if (target.isEmpty()) {
                    return conflictVm(name, "no other node can run this VM");
                }
                migrate(vm, vmi.get(), target.get());
                return accepted();
            default:
                return Responses.notFound("virtualmachines/" + action, "subresources.kubevirt.io", name);
        }
    }

    // --- VirtualMachineInstance subresources -------------------------------------------------

    synchronized MockResponse vmiAction(String ns, String name, String action) {
        Optional<GenericKubernetesResource> found = store.get(vmiType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        boolean running = "Running".equals(ClusterStore.str(vmi, "status", "phase"));
        boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
        switch (action) {
            case "pause":
                if (!running) {
                    return conflictVmi(name, "VMI is not running");
                }
                if (paused) {
                    return conflictVmi(name, "VMI is already paused");
                }
                setPaused(vmi, true);
                return accepted();
            case "unpause":
                if (!paused) {
                    return conflictVmi(name, "VMI is not paused");
                }
                setPaused(vmi, false);
                return accepted();
            default:
                return Responses.notFound("virtualmachineinstances/" + action, "subresources.kubevirt.io", name);
        }
    }

    /** The serial console websocket of a running VMI, or why not. */
    synchronized MockResponse console(String ns, String name) {
        Optional<GenericKubernetesResource> found = store.get(vmiType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        if (!"Running".equals(ClusterStore.str(vmi, "status", "phase"))) {
            return Responses.badRequest("VMI is not running");
        }
        String uid = vmi.getMetadata().getUid();
        SerialConsole console = consoles.computeIfAbsent(uid, u -> new SerialConsole(name, guestHost(vmi), clock));
        return new MockResponse().withWebSocketUpgrade(console.listener());
    }

    /** A {@code pods/exec} websocket, or why not. */
    synchronized MockResponse exec(String ns, String pod, Map<String, List<String>> query, boolean websocket) {
        Optional<GenericKubernetesResource> found = store.get(podType, ns, pod);
        if (found.isEmpty()) {
            return Responses.notFound("pods", "", pod);
        }
        GenericKubernetesResource p = found.get();
        String phase = ClusterStore.str(p, "status", "phase");
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Responses.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
        }
        List<String> containers = containerNames(p);
        String container = first(query, "container");
        if (container != null && !containers.contains(container)) {
            return Responses.badRequest("container " + container + " is not valid for pod " + pod);
        }
        if (!"Running".equals(phase) || !containerRunning(p, container == null ? containers.get(0) : container)) {
            return Responses.badRequest("unable to upgrade connection: container not found (\""
                    + (container == null ? containers.get(0) : container) + "\")");
        }
        if (!websocket) {
            return Responses.badRequest("the lab serves exec over websockets only (v4/v5.channel.k8s.io); "
                    + "use kubectl 1.30 or newer");
        }
        List<String> command = query.getOrDefault("command", List.of());
        boolean tty = "true".equals(first(query, "tty"));
        SimulatedShell shell = new SimulatedShell(podHost(p), "root");
        return new MockResponse().withWebSocketUpgrade(new ExecSession(shell, command, tty, clock));
    }

    // --- transitions -----------------------------------------------------------------------------

    private void start(GenericKubernetesResource vm, boolean paused) {
        String key = key(vm);
        long token = bump(key);
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
        status.put("conditions", List.of(condition("Ready", "False", "VMINotExists", "VMI does not exist")));
        store.update(vm);
        GenericKubernetesResource vmi = createVmi(vm);
        Optional<String> node = scheduleNode(vm);
        GenericKubernetesResource pod = createLauncher(vm, vmi, node.orElse(null), "Pending");
        if (node.isEmpty()) {
            later(key, token, () -> unschedulable(vm.getMetadata().getNamespace(), vm.getMetadata().getName(), pod));
        } else {
            later(key, token, () -> running(vm.getMetadata().getNamespace(), vm.getMetadata().getName(),
                    pod.getMetadata().getName(), node.get(), paused));
        }
    }

    private void running(String ns, String name, String podName, String node, boolean paused) {
        Optional<GenericKubernetesResource> vmo = store.get(vmType, ns, name);
        Optional<GenericKubernetesResource> vmio = store.get(vmiType, ns, name);
        Optional<GenericKubernetesResource> podo = store.get(podType, ns, podName);
        if (vmo.isEmpty() || vmio.isEmpty() || podo.isEmpty()) {
            return;
        }
        GenericKubernetesResource pod = podo.get();
        String ip = podIp(node);
        markPodRunning(pod, ip);
        store.update(pod);

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
        iface.put("mac", mac(vmi.getMetadata().getUid()));
        iface.put("infoSource", "domain, guest-agent");
        iface.put("queueCount", 1);
        st.put("interfaces", List.of(iface));
        String os = label(vmo.get(), "wharf.dev/os");
        st.put("guestOSInfo", GUEST_OS.getOrDefault(os, Map.of()));
        st.put("migrationMethod", "BlockMigration");
        st.put("migrationTransport", "Unix");
        List<Object> conds = new ArrayList<>();
        conds.add(condition("Ready", paused ? "False" : "True", paused ? "PausedByUser" : null, null));
        conds.add(condition("LiveMigratable", "True", null, null));
        if (GUEST_OS.containsKey(os)) {
            conds.add(condition("AgentConnected", "True", null, null));
        }
        if (paused) {
            conds.add(condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        st.put("conditions", conds);
        addPhaseTransition(st, "Scheduled");
        addPhaseTransition(st, "Running");
        store.update(vmi);

        GenericKubernetesResource vm = vmo.get();
        Map<String, Object> vs = ClusterStore.map(vm, "status");
        vs.put("printableStatus", paused ? "Paused" : "Running");
        vs.put("ready", !paused);
        vs.put("created", true);
        vs.put("conditions", vmConditions(paused));
        store.update(vm);
    }

    private void unschedulable(String ns, String name, GenericKubernetesResource pod) {
        String msg = "0/4 nodes are available: no schedulable node has enough memory for this VM.";
        store.get(podType, ns, pod.getMetadata().getName()).ifPresent(p -> {
            ClusterStore.map(p, "status").put("conditions", List.of(
                    condition("PodScheduled", "False", "Unschedulable", msg)));
            store.update(p);
        });
        store.get(vmiType, ns, name).ifPresent(vmi -> {
            ClusterStore.map(vmi, "status").put("conditions", List.of(
                    condition("PodScheduled", "False", "Unschedulable", msg)));
            store.update(vmi);
        });
        store.get(vmType, ns, name).ifPresent(vm -> {
            Map<String, Object> vs = ClusterStore.map(vm, "status");
            vs.put("printableStatus", "ErrorUnschedulable");
            vs.put("conditions", List.of(condition("Ready", "False", "PodNotExists",
                    "virt-launcher pod has not yet been scheduled"), condition("PodScheduled", "False",
                    "Unschedulable", msg)));
            store.update(vm);
        });
    }

    private void stop(GenericKubernetesResource vm) {
        String key = key(vm);
        long token = bump(key);
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
        store.update(vm);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        later(key, token, () -> {
            removeVmi(ns, name);
            store.get(vmType, ns, name).ifPresent(v -> {
                Map<String, Object> vs = ClusterStore.map(v, "status");
                vs.put("printableStatus", "Stopped");
                vs.put("ready", false);
                vs.remove("created");
                vs.put("conditions", List.of(condition("Ready", "False", "VMINotExists", "VMI does not exist")));
                store.update(v);
            });
        });
    }

    private void restart(GenericKubernetesResource vm) {
        String key = key(vm);
        long token = bump(key);
        ClusterStore.map(vm, "status").put("printableStatus", "Stopping");
        ClusterStore.map(vm, "status").put("ready", false);
        store.update(vm);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        later(key, token, () -> {
            removeVmi(ns, name);
            store.get(vmType, ns, name).ifPresent(v -> start(v, false));
        });
    }

    private void migrate(GenericKubernetesResource vm, GenericKubernetesResource vmi, String target) {
        String key = key(vm);
        long token = bump(key);
        String ns = vm.getMetadata().getNamespace();
        String name = vm.getMetadata().getName();
        String source = ClusterStore.str(vmi, "status", "nodeName");
        Instant now = now();

        GenericKubernetesResource mig = new GenericKubernetesResource();
        mig.setApiVersion("kubevirt.io/v1");
        mig.setKind("VirtualMachineInstanceMigration");
        mig.setMetadata(new ObjectMetaBuilder().withName("kubevirt-migrate-vm-" + suffix()).withNamespace(ns)
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp(now.toString())
                .addToLabels("kubevirt.io/vmi-name", name).build());
        mig.getAdditionalProperties().put("spec", new LinkedHashMap<>(Map.of("vmiName", name)));
        Map<String, Object> mst = new LinkedHashMap<>();
        mst.put("phase", "Scheduling");
        mig.getAdditionalProperties().put("status", mst);
        GenericKubernetesResource createdMig = store.create(mig);

        GenericKubernetesResource targetPod = createLauncher(vm, vmi, target, "Pending");
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
        store.update(vmi);
        Map<String, Object> vs = ClusterStore.map(vm, "status");
        vs.put("printableStatus", "Migrating");
        store.update(vm);

        String migName = createdMig.getMetadata().getName();
        String targetPodName = targetPod.getMetadata().getName();
        later(key, token, () -> {
            store.get(podType, ns, targetPodName).ifPresent(p -> {
                markPodRunning(p, podIp(target));
                store.update(p);
            });
            store.get(migrationType, ns, migName).ifPresent(m -> {
                ClusterStore.map(m, "status").put("phase", "Running");
                store.update(m);
            });
            later(key, token, () -> finishMigration(ns, name, migName, targetPodName, target));
        });
    }

    @SuppressWarnings("unchecked")
    private void finishMigration(String ns, String name, String migName, String targetPodName, String target) {
        Optional<GenericKubernetesResource> vmio = store.get(vmiType, ns, name);
        Optional<GenericKubernetesResource> tp = store.get(podType, ns, targetPodName);
        if (vmio.isEmpty() || tp.isEmpty()) {
            return;
        }
        GenericKubernetesResource vmi = vmio.get();
        Map<String, Object> st = ClusterStore.map(vmi, "status");
        Map<String, Object> active = (Map<String, Object>) st.getOrDefault("activePods", Map.of());
        for (String podUid : List.copyOf(active.keySet())) {
            if (!podUid.equals(tp.get().getMetadata().getUid())) {
                for (GenericKubernetesResource p : launchers(vmi)) {
                    if (podUid.equals(p.getMetadata().getUid())) {
                        markPodCompleted(p);
                        store.update(p);
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
            state.put("endTimestamp", now().toString());
        }
        String ip = ClusterStore.str(tp.get(), "status", "podIP");
        Object ifs = st.get("interfaces");
        if (ip != null && ifs instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put("ipAddress", ip);
            ((Map<String, Object>) m).put("ipAddresses", List.of(ip));
        }
        store.update(vmi);
        store.get(migrationType, ns, migName).ifPresent(m -> {
            ClusterStore.map(m, "status").put("phase", "Succeeded");
            store.update(m);
        });
        store.get(vmType, ns, name).ifPresent(vm -> {
            boolean paused = "True".equals(ServerTables.condition(vmi, "Paused"));
            ClusterStore.map(vm, "status").put("printableStatus", paused ? "Paused" : "Running");
            store.update(vm);
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
        conds.add(0, condition("Ready", paused ? "False" : "True", paused ? "PausedByUser" : null, null));
        if (paused) {
            conds.add(condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        st.put("conditions", conds);
        store.update(vmi);
        store.get(vmType, vmi.getMetadata().getNamespace(), vmi.getMetadata().getName()).ifPresent(vm -> {
            Map<String, Object> vs = ClusterStore.map(vm, "status");
            boolean migratingNow = migrating(vmi);
            vs.put("printableStatus", paused ? "Paused" : migratingNow ? "Migrating" : "Running");
            vs.put("ready", !paused);
            vs.put("conditions", vmConditions(paused));
            store.update(vm);
        });
    }

    /** A running VM's conditions as KubeVirt sets them: Ready, and Paused while paused. */
    private List<Object> vmConditions(boolean paused) {
        List<Object> conds = new ArrayList<>();
        conds.add(condition("Ready", paused ? "False" : "True", null, null));
        if (paused) {
            conds.add(condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }
        return conds;
    }

    private void removeVmi(String ns, String name) {
        store.get(vmiType, ns, name).ifPresent(vmi -> {
            for (GenericKubernetesResource p : launchers(vmi)) {
                store.delete(podType, ns, p.getMetadata().getName());
            }
            for (GenericKubernetesResource m : store.list(migrationType, ns, "kubevirt.io/vmi-name=" + name)) {
                String phase = ClusterStore.str(m, "status", "phase");
                if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                    ClusterStore.map(m, "status").put("phase", "Failed");
                    store.update(m);
                }
            }
            store.delete(vmiType, ns, name);
            SerialConsole c = consoles.remove(vmi.getMetadata().getUid());
            if (c != null) {
                c.hangUp();
            }
        });
    }

    // --- object builders -------------------------------------------------------------------------

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
                .withCreationTimestamp(now().toString()).withLabels(labels)
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
        st.put("launcherContainerImageVersion", LAUNCHER_IMAGE);
        st.put("guestOSInfo", Map.of());
        List<Object> transitions = new ArrayList<>();
        st.put("phaseTransitionTimestamps", transitions);
        vmi.getAdditionalProperties().put("status", st);
        addPhaseTransition(st, "Pending");
        addPhaseTransition(st, "Scheduling");
        return store.create(vmi);
    }

    @SuppressWarnings("unchecked")
    private GenericKubernetesResource createLauncher(GenericKubernetesResource vm, GenericKubernetesResource vmi,
                                                     String node, String phase) {
        String name = vm.getMetadata().getName();
        String vmiUid = vmi.getMetadata().getUid();
        ObjectMeta meta = new ObjectMetaBuilder().withName("virt-launcher-" + name + "-" + suffix())
                .withNamespace(vm.getMetadata().getNamespace()).withUid(UUID.randomUUID().toString())
                .withCreationTimestamp(now().toString())
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
        if (node != null) {
            meta.getLabels().put("kubevirt.io/nodeName", node);
        }
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
        if (node != null) {
            spec.put("nodeName", node);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", phase);
        status.put("qosClass", "Burstable");
        if (node != null) {
            status.put("hostIP", nodeIp(node));
            status.put("startTime", now().toString());
            List<Object> cs = new ArrayList<>();
            for (Map<String, Object> c : containers) {
                cs.add(new LinkedHashMap<>(Map.of("name", c.get("name"), "image", c.get("image"), "ready", false,
                        "restartCount", 0, "started", false,
                        "state", Map.of("waiting", Map.of("reason", "ContainerCreating")))));
            }
            status.put("containerStatuses", cs);
            status.put("conditions", List.of(condition("PodScheduled", "True", null, null),
                    condition("Ready", "False", "ContainersNotReady", "containers with unready status: [compute]")));
        }
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.getAdditionalProperties().put("spec", spec);
        pod.getAdditionalProperties().put("status", status);
        return store.create(pod);
    }

    @SuppressWarnings("unchecked")
    private void markPodRunning(GenericKubernetesResource pod, String ip) {
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
                c.put("state", Map.of("running", Map.of("startedAt", now().toString())));
                c.put("containerID", "containerd://" + UUID.randomUUID().toString().replace("-", ""));
                cs.add(c);
            }
        }
        st.put("containerStatuses", cs);
        st.put("conditions", List.of(condition("PodScheduled", "True", null, null),
                condition("Initialized", "True", null, null), condition("ContainersReady", "True", null, null),
                condition("Ready", "True", null, null)));
    }

    @SuppressWarnings("unchecked")
    private void markPodCompleted(GenericKubernetesResource pod) {
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
                        "finishedAt", now().toString())));
                cs.add(c);
            }
        }
        st.put("containerStatuses", cs);
        st.put("conditions", List.of(condition("Ready", "False", "PodCompleted", null)));
    }

    // --- scheduling ------------------------------------------------------------------------------

    private List<GenericKubernetesResource> schedulableNodes() {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (GenericKubernetesResource n : store.list(nodeType, null, "kubevirt.io/schedulable=true")) {
            if ("True".equals(ServerTables.condition(n, "Ready"))) {
                out.add(n);
            }
        }
        return out;
    }

    /** The least busy schedulable node with room for the VM's memory, if any. */
    @SuppressWarnings("unchecked")
    private Optional<String> scheduleNode(GenericKubernetesResource vm) {
        BigDecimal need = BigDecimal.ZERO;
        Object mem = vm.get("spec", "template", "spec", "domain", "resources", "requests", "memory");
        if (mem != null) {
            need = Quantity.getAmountInBytes(new Quantity(String.valueOf(mem)));
        }
        Map<String, Long> load = new HashMap<>();
        for (GenericKubernetesResource vmi : store.list(vmiType, null, null)) {
            String n = ClusterStore.str(vmi, "status", "nodeName");
            if (n != null) {
                load.merge(n, 1L, Long::sum);
            }
        }
        BigDecimal needed = need;
        return schedulableNodes().stream()
                .filter(n -> {
                    Object alloc = n.get("status", "allocatable", "memory");
                    return alloc == null || Quantity.getAmountInBytes(new Quantity(String.valueOf(alloc)))
                            .compareTo(needed) >= 0;
                })
                .min(Comparator.comparingLong((GenericKubernetesResource n) ->
                        load.getOrDefault(n.getMetadata().getName(), 0L))
                        .thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName());
    }

    private Optional<String> targetNode(GenericKubernetesResource vmi) {
        String current = ClusterStore.str(vmi, "status", "nodeName");
        return schedulableNodes().stream().map(n -> n.getMetadata().getName())
                .filter(n -> !n.equals(current)).sorted().findFirst();
    }

    private String podIp(String node) {
        int octet = 0;
        Optional<GenericKubernetesResource> n = store.get(nodeType, null, node);
        String cidr = n.map(x -> ClusterStore.str(x, "spec", "podCIDR")).orElse(null);
        if (cidr != null) {
            String[] parts = cidr.split("\\.");
            if (parts.length >= 3) {
                octet = Integer.parseInt(parts[2]);
            }
        }
        int host = nextIp++;
        if (nextIp > 250) {
            nextIp = 150;
        }
        return "10.244." + octet + "." + host;
    }

    @SuppressWarnings("unchecked")
    private String nodeIp(String node) {
        return store.get(nodeType, null, node).map(n -> {
            Object as = n.get("status", "addresses");
            if (as instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m && "InternalIP".equals(m.get("type"))) {
                        return String.valueOf(((Map<String, Object>) m).get("address"));
                    }
                }
            }
            return null;
        }).orElse(null);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private List<GenericKubernetesResource> launchers(GenericKubernetesResource vmi) {
        return store.list(podType, vmi.getMetadata().getNamespace(),
                "kubevirt.io/created-by=" + vmi.getMetadata().getUid());
    }

    @SuppressWarnings("unchecked")
    private static boolean migrating(GenericKubernetesResource vmi) {
        Object state = vmi.get("status", "migrationState");
        return state instanceof Map<?, ?> m && !Boolean.TRUE.equals(((Map<String, Object>) m).get("completed"))
                && !Boolean.TRUE.equals(((Map<String, Object>) m).get("failed"));
    }

    private static String strategy(GenericKubernetesResource vm) {
        Object s = vm.get("spec", "runStrategy");
        if (s != null) {
            return String.valueOf(s);
        }
        Object running = vm.get("spec", "running");
        return Boolean.TRUE.equals(running) ? "Always" : "Halted";
    }

    private static String label(GenericKubernetesResource r, String key) {
        Map<String, String> l = r.getMetadata().getLabels();
        return l == null ? null : l.get(key);
    }

    private SimulatedShell.Host guestHost(GenericKubernetesResource vmi) {
        String pretty = Objects.toString(vmi.get("status", "guestOSInfo", "prettyName"), "Linux");
        String release = Objects.toString(vmi.get("status", "guestOSInfo", "kernelRelease"), "6.1.0-28-cloud-amd64");
        String version = Objects.toString(vmi.get("status", "guestOSInfo", "kernelVersion"), "#1 SMP");
        Instant booted = parse(vmi.getMetadata().getCreationTimestamp());
        return new SimulatedShell.Host(vmi.getMetadata().getName(), release, version, pretty, booted,
                List.of("notes.txt", ".profile"));
    }

    private SimulatedShell.Host podHost(GenericKubernetesResource pod) {
        String rc = Objects.toString(pod.get("spec", "runtimeClassName"), "");
        String release;
        String version;
        String pretty = "Linux container";
        if (rc.startsWith("kata")) {
            release = "6.1.62";
            version = "#1 SMP Fri Nov 29 09:17:02 UTC 2024 (Kata Containers guest kernel, " + rc + ")";
        } else if (rc.equals("gvisor")) {
            release = "4.4.0";
            version = "#1 SMP Sun Jan 10 15:06:54 PST 2016";
        } else {
            String node = Objects.toString(pod.get("spec", "nodeName"), "");
            Optional<GenericKubernetesResource> n = node.isEmpty() ? Optional.empty() : store.get(nodeType, null, node);
            release = n.map(x -> ClusterStore.str(x, "status", "nodeInfo", "kernelVersion")).orElse("6.1.0-28-amd64");
            version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)";
        }
        return new SimulatedShell.Host(pod.getMetadata().getName(), release, version, pretty,
                parse(Objects.toString(pod.get("status", "startTime"), null)), List.of("app", "etc", "tmp"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> containerNames(GenericKubernetesResource pod) {
        List<String> out = new ArrayList<>();
        Object cs = pod.get("spec", "containers");
        if (cs instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(((Map<String, Object>) o).get("name")));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean containerRunning(GenericKubernetesResource pod, String container) {
        Object cs = pod.get("status", "containerStatuses");
        if (cs instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = (Map<String, Object>) o;
                if (container.equals(c.get("name")) && c.get("state") instanceof Map<?, ?> s) {
                    return s.containsKey("running");
                }
            }
        }
        return false;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant parse(String ts) {
        try {
            return ts == null ? Instant.now() : Instant.parse(ts);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        c.put("lastProbeTime", null);
        c.put("lastTransitionTime", now().toString());
        return c;
    }

    @SuppressWarnings("unchecked")
    private void addPhaseTransition(Map<String, Object> status, String phase) {
        List<Object> list = new ArrayList<>((List<Object>) status.getOrDefault("phaseTransitionTimestamps", List.of()));
        list.add(Map.of("phase", phase, "phaseTransitionTimestamp", now().toString()));
        status.put("phaseTransitionTimestamps", list);
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

    private String mac(String seed) {
        int h = seed.hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }

    private String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String key(GenericKubernetesResource vm) {
        return vm.getMetadata().getNamespace() + "/" + vm.getMetadata().getName();
    }

    private long bump(String key) {
        return generation.merge(key, 1L, Long::sum);
    }

    /** Runs {@code step} after the step delay, unless a newer action on the same VM came first. */
    private void later(String key, long token, Runnable action) {
        if (closed) {
            return;
        }
        timer.schedule(() -> {
            synchronized (this) {
                if (closed || generation.getOrDefault(key, 0L) != token) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(KubeVirtSimulator.class)
                            .warn("lab: a KubeVirt transition of {} failed: {}", key, e.toString());
                }
            }
        }, step.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static MockResponse accepted() {
        return new MockResponse().setResponseCode(202);
    }

    private static MockResponse conflictVm(String name, String why) {
        return Responses.conflict("virtualmachine", "kubevirt.io", name, why);
    }

    private static MockResponse conflictVmi(String name, String why) {
        return Responses.conflict("virtualmachineinstance", "kubevirt.io", name, why);
    }

    @Override
    public synchronized void close() {
        closed = true;
        consoles.values().forEach(SerialConsole::hangUp);
        consoles.clear();
    }
}
