package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What virt-api, virt-controller and virt-handler (and, for evictions, the API server and the
 * workload controllers) would do, for the lab: the entry points of the lifecycle subresources
 * ({@link VmLifecycle}), live migration and its cancel ({@link VmMigrations}), the VMI serial
 * console and pod exec ({@link GuestConsoles}), pod eviction ({@link PodEvictions}). Each call
 * runs under the {@link Simulation}'s lock; the changes are writes through the
 * {@link ClusterStore} that watches see, with the Events a cluster would record
 * ({@link EventRecorder}), and none blocks on I/O.
 */
final class KubeVirtSimulator implements AutoCloseable {

    private final Simulation sim;
    private final VmLifecycle lifecycle;
    private final VmMigrations migrations;
    private final GuestConsoles consoles;
    private final PodEvictions evictions;
    private final VmSnapshots snapshots;

    KubeVirtSimulator(Simulation sim) {
        this.sim = sim;
        EventRecorder events = new EventRecorder(sim);
        NodePlacement placement = new NodePlacement(sim);
        LauncherPods pods = new LauncherPods(sim, placement);
        this.migrations = new VmMigrations(sim, placement, pods, events);
        this.consoles = new GuestConsoles(sim);
        this.lifecycle = new VmLifecycle(sim, placement, pods, migrations, consoles, events);
        this.evictions = new PodEvictions(sim, placement, migrations, events);
        this.snapshots = new VmSnapshots(sim, events);
    }

    /** Picks up what the seeded cluster left under way (a running migration), once it is loaded. */
    void resume() {
        synchronized (sim) {
            migrations.resumeSeeded();
        }
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

    /** The VNC websocket of a running VMI, or why not. */
    MockResponse vnc(String ns, String name, boolean preserveSession) {
        synchronized (sim) {
            return consoles.vnc(ns, name, preserveSession);
        }
    }

    /** A {@code pods/exec} websocket, or why not. */
    MockResponse exec(String ns, String pod, Map<String, List<String>> query, boolean websocket) {
        synchronized (sim) {
            return consoles.exec(ns, pod, query, websocket);
        }
    }

    /** {@code POST} of a VirtualMachineSnapshot or VirtualMachineRestore ({@code plural}): the snapshot controller runs it. */
    MockResponse snapshot(String ns, String plural, String body) {
        synchronized (sim) {
            return snapshots.create(ns, plural, body);
        }
    }

    /** {@code POST …/pods/{name}/eviction}. */
    MockResponse evict(String ns, String pod, String body) {
        synchronized (sim) {
            return evictions.evict(ns, pod, body);
        }
    }

    /**
     * {@code DELETE} of a VirtualMachineInstanceMigration: a running one is aborted (answers the
     * object being deleted); empty when it has ended and a plain delete will do.
     */
    Optional<GenericKubernetesResource> deleteMigration(String ns, String name) {
        synchronized (sim) {
            return migrations.cancel(ns, name);
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
