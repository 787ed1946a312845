package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lab's consoles: a running VMI's serial line (one {@link SerialConsole} per VMI, which
 * outlives a websocket), its VNC display ({@link LabVncDisplay}, synthetic: no QEMU behind it)
 * and pod exec (a {@link SimulatedShell} per session), each with a shell
 * that tells which machine it is (guest OS and kernel, a sandbox's kernel). Callers hold the
 * {@link Simulation}'s lock.
 */
final class GuestConsoles {

    private final Simulation sim;
    private final Map<String, SerialConsole> consoles = new HashMap<>();
    private final Map<String, LabVncDisplay> displays = new HashMap<>();

    GuestConsoles(Simulation sim) {
        this.sim = sim;
    }

    /** The serial console websocket of a running VMI, or why not. */
    MockResponse console(String ns, String name) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.vmiType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        if (!"Running".equals(ClusterStore.str(vmi, "status", "phase"))) {
            return Responses.badRequest("VMI is not running");
        }
        String uid = vmi.getMetadata().getUid();
        SerialConsole console = consoles.computeIfAbsent(uid, u -> new SerialConsole(name, guestHost(vmi), sim.clock));
        return new MockResponse().withWebSocketUpgrade(console.listener());
    }

    /**
     * The VNC websocket of a running VMI (the lab's synthetic display), or why not. With
     * {@code preserveSession} a connected viewer keeps it and this one is refused as virt-api does.
     */
    MockResponse vnc(String ns, String name, boolean preserveSession) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.vmiType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        if (!"Running".equals(ClusterStore.str(vmi, "status", "phase"))) {
            return Responses.badRequest("VMI is not running");
        }
        if (Boolean.FALSE.equals(vmi.get("spec", "domain", "devices", "autoattachGraphicsDevice"))) {
            return Responses.badRequest("VMI " + name + " has no graphics device (autoattachGraphicsDevice: false)");
        }
        LabVncDisplay display = displays.computeIfAbsent(vmi.getMetadata().getUid(), u -> new LabVncDisplay(ns, name,
                List.of("Guest OS: " + Objects.toString(vmi.get("status", "guestOSInfo", "prettyName"), "Linux"),
                        "Node:     " + Objects.toString(vmi.get("status", "nodeName"), "(not scheduled)"))));
        if (preserveSession && display.active()) {
            return Responses.status(500, "InternalError", "Active VNC connection. Can't establish new VNC connection "
                    + "to virtualmachineinstance " + name + " (use preserveSession=false to take it over)");
        }
        return new MockResponse().withWebSocketUpgrade(display.listener());
    }

    /** A {@code pods/exec} websocket, or why not. */
    MockResponse exec(String ns, String pod, Map<String, List<String>> query, boolean websocket) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.podType, ns, pod);
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
        return new MockResponse().withWebSocketUpgrade(new ExecSession(shell, command, tty, sim.clock));
    }

    private SimulatedShell.Host guestHost(GenericKubernetesResource vmi) {
        String pretty = Objects.toString(vmi.get("status", "guestOSInfo", "prettyName"), "Linux");
        String release = Objects.toString(vmi.get("status", "guestOSInfo", "kernelRelease"), "6.1.0-28-cloud-amd64");
        String version = Objects.toString(vmi.get("status", "guestOSInfo", "kernelVersion"), "#1 SMP");
        Instant booted = Simulation.parse(vmi.getMetadata().getCreationTimestamp());
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
            Optional<GenericKubernetesResource> n = node.isEmpty() ? Optional.empty() : sim.store.get(sim.nodeType, null, node);
            release = n.map(x -> ClusterStore.str(x, "status", "nodeInfo", "kernelVersion")).orElse("6.1.0-28-amd64");
            version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)";
        }
        return new SimulatedShell.Host(pod.getMetadata().getName(), release, version, pretty,
                Simulation.parse(Objects.toString(pod.get("status", "startTime"), null)), List.of("app", "etc", "tmp"));
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

    /** Hangs up the serial line of the VMI with this uid (it stopped). */
    void hangUp(String vmiUid) {
        SerialConsole c = consoles.remove(vmiUid);
        if (c != null) {
            c.hangUp();
        }
        LabVncDisplay d = displays.remove(vmiUid);
        if (d != null) {
            d.hangUp();
        }
    }

    void close() {
        consoles.values().forEach(SerialConsole::hangUp);
        consoles.clear();
        displays.values().forEach(LabVncDisplay::hangUp);
        displays.clear();
    }
}
