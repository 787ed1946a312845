package dev.wharf.lab;

import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What virt-api, virt-controller and virt-handler would do, for the lab: the entry points of
 * the lifecycle subresources ({@link VmLifecycle}), live migration ({@link VmMigrations}), the
 * VMI serial console and pod exec ({@link GuestConsoles}). Each call runs under the
 * {@link Simulation}'s lock; the changes are writes through the {@link ClusterStore} that
 * watches see, and none blocks on I/O.
 */
final class KubeVirtSimulator implements AutoCloseable {

    private final Simulation sim;
    private final VmLifecycle lifecycle;
    private final GuestConsoles consoles;

    KubeVirtSimulator(ClusterStore store, ScheduledExecutorService timer, Clock clock, Duration step) {
        this.sim = new Simulation(store, timer, clock, step);
        NodePlacement placement = new NodePlacement(sim);
        LauncherPods pods = new LauncherPods(sim, placement);
        VmMigrations migrations = new VmMigrations(sim, placement, pods);
        this.consoles = new GuestConsoles(sim);
        this.lifecycle = new VmLifecycle(sim, placement, pods, migrations, consoles);
    }

    /** {@code PUT …/virtualmachines/{name}/start|stop|restart|migrate}. */
    MockResponse vmAction(String ns, String name, String action, String body) {
        synchronized (sim) {
            return lifecycle.vmAction(ns, name, action, body);
        }
    }

    /** {@code PUT …/virtualmachineinstances/{name}/pause|unpause}. */
    MockResponse vmiAction(String ns, String name, String action) {
        synchronized (sim) {
            return lifecycle.vmiAction(ns, name, action);
        }
    }

    /** The serial console websocket of a running VMI, or why not. */
    MockResponse console(String ns, String name) {
        synchronized (sim) {
            return consoles.console(ns, name);
        }
    }

    /** A {@code pods/exec} websocket, or why not. */
    MockResponse exec(String ns, String pod, Map<String, List<String>> query, boolean websocket) {
        synchronized (sim) {
            return consoles.exec(ns, pod, query, websocket);
        }
    }

    @Override
    public void close() {
        synchronized (sim) {
            sim.close();
            consoles.close();
        }
    }
}
