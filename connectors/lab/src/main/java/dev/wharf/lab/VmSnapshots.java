package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KubeVirt's snapshot controller for the lab ({@code snapshot.kubevirt.io/v1beta1}): a
 * VirtualMachineSnapshot goes InProgress, then Succeeded with {@code readyToUse} (indications
 * Online/NoGuestAgent when the VM runs), and the VM's {@code status.volumeSnapshotStatuses} say which
 * of its volumes a snapshot holds; a VirtualMachineRestore completes only into a stopped VM, else it
 * waits with a condition saying so and fails after a while. Callers hold the {@link Simulation}'s lock.
 */
final class VmSnapshots {
    /** How many steps a restore waits for its VM to stop before it fails. */
    private static final int WAIT_STEPS = 20;

    private final Simulation sim;
    private final EventRecorder events;
    private final ApiResources.Type snapshotType;
    private final ApiResources.Type restoreType;

    VmSnapshots(Simulation sim, EventRecorder events) {
        this.sim = sim;
        this.events = events;
        this.snapshotType = sim.store.type("snapshot.kubevirt.io/v1beta1", "VirtualMachineSnapshot");
        this.restoreType = sim.store.type("snapshot.kubevirt.io/v1beta1", "VirtualMachineRestore");
    }

    /** {@code POST …/virtualmachinesnapshots} or {@code …/virtualmachinerestores}: stored, then run by the controller. */
    MockResponse create(String ns, String plural, String body) {
        if (!plural.equals("virtualmachinesnapshots") && !plural.equals("virtualmachinerestores")) {
            return Responses.status(404, "NotFound", "the server could not find the requested resource");
        }
        GenericKubernetesResource r;
        try {
            r = Serialization.unmarshal(body, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            return Responses.badRequest("the body is not a valid object: " + e.getMessage());
        }
        if (r.getMetadata() == null || r.getMetadata().getName() == null) {
            return Responses.status(422, "Invalid", "metadata.name: Required value");
        }
        r.getMetadata().setNamespace(ns);
        String name = r.getMetadata().getName();
        boolean restore = plural.equals("virtualmachinerestores");
        ApiResources.Type type = restore ? restoreType : snapshotType;
        if (sim.store.get(type, ns, name).isPresent()) {
            return Responses.status(409, "AlreadyExists", type.plural() + ".snapshot.kubevirt.io \"" + name
                    + "\" already exists");
        }
        String vmName = ClusterStore.str(r, "spec", restore ? "target" : "source", "name");
        if (vmName == null || !"VirtualMachine".equals(ClusterStore.str(r, "spec", restore ? "target" : "source", "kind"))) {
            return Responses.status(422, "Invalid", "spec." + (restore ? "target" : "source")
                    + ": a VirtualMachine (apiGroup kubevirt.io) is required");
        }
        if (restore && ClusterStore.str(r, "spec", "virtualMachineSnapshotName") == null) {
            return Responses.status(422, "Invalid", "spec.virtualMachineSnapshotName: Required value");
        }
        Map<String, Object> status = ClusterStore.map(r, "status");
        status.clear();
        String key = ns + "/" + type.plural() + "/" + name;
        long token = sim.bump(key);
        if (restore) {
            status.put("complete", false);
            status.put("conditions", List.of(sim.condition("Progressing", "True", "RestoreInProgress", null)));
            GenericKubernetesResource stored = sim.store.create(r);
            sim.later(key, token, () -> restoreStep(ns, name, 0));
            return Responses.json(201, stored);
        }
        Optional<GenericKubernetesResource> vm = sim.store.get(sim.vmType, ns, vmName);
        status.put("phase", "InProgress");
        status.put("readyToUse", false);
        status.put("conditions", List.of(sim.condition("Progressing", "True", "Operation in progress", null),
                sim.condition("Ready", "False", "Not ready", null)));
        if (vm.isPresent()) {
            status.put("sourceUID", vm.get().getMetadata().getUid());
            status.put("indications", running(vm.get()) ? List.of("Online", "NoGuestAgent") : List.of());
            noteVolumes(vm.get());
        }
        GenericKubernetesResource stored = sim.store.create(r);
        sim.later(key, token, () -> finishSnapshot(ns, name, vm.isPresent()));
        return Responses.json(201, stored);
    }

    private void finishSnapshot(String ns, String name, boolean sourceFound) {
        sim.store.get(snapshotType, ns, name).ifPresent(s -> {
            Map<String, Object> status = ClusterStore.map(s, "status");
            String vm = ClusterStore.str(s, "spec", "source", "name");
            if (!sourceFound) {
                status.put("phase", "Failed");
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("time", sim.now().toString());
                error.put("message", "VirtualMachine " + vm + " does not exist");
                status.put("error", error);
                status.put("conditions", List.of(sim.condition("Progressing", "False", "Failed", null),
                        sim.condition("Failure", "True", "Source does not exist", "VirtualMachine " + vm + " does not exist")));
                events.warning(s, "VirtualMachineSnapshotFailed", "source " + vm + " does not exist",
                        EventRecorder.Source.of("snapshot-controller"));
            } else {
                status.put("phase", "Succeeded");
                status.put("readyToUse", true);
                status.put("creationTime", sim.now().toString());
                status.put("virtualMachineSnapshotContentName", "vmsnapshot-content-" + s.getMetadata().getUid());
                status.put("conditions", List.of(sim.condition("Progressing", "False", "Operation complete", null),
                        sim.condition("Ready", "True", "Operation complete", null)));
                events.normal(s, "SuccessfulVirtualMachineSnapshotContentCreate", "Successfully created "
                        + "VirtualMachineSnapshotContent vmsnapshot-content-" + s.getMetadata().getUid(),
                        EventRecorder.Source.of("snapshot-controller"));
            }
            sim.store.update(s);
        });
    }

    private void restoreStep(String ns, String name, int waited) {
        sim.store.get(restoreType, ns, name).ifPresent(r -> {
            Map<String, Object> status = ClusterStore.map(r, "status");
            String vmName = ClusterStore.str(r, "spec", "target", "name");
            String snapName = ClusterStore.str(r, "spec", "virtualMachineSnapshotName");
            Optional<GenericKubernetesResource> snap = sim.store.get(snapshotType, ns, snapName);
            Optional<GenericKubernetesResource> vm = sim.store.get(sim.vmType, ns, vmName);
            String key = ns + "/virtualmachinerestores/" + name;
            if (snap.isEmpty() || vm.isEmpty() || !Boolean.TRUE.equals(snap.get().get("status", "readyToUse"))) {
                String why = vm.isEmpty() ? "VirtualMachine " + vmName + " does not exist"
                        : snap.isEmpty() ? "VirtualMachineSnapshot " + snapName + " does not exist"
                        : "VirtualMachineSnapshot " + snapName + " is not ready to use";
                status.put("conditions", List.of(sim.condition("Progressing", "False", "Failed", why),
                        sim.condition("Ready", "False", "Failed", why)));
                events.warning(r, "VirtualMachineRestoreError", why, EventRecorder.Source.of("restore-controller"));
            } else if (running(vm.get())) {
                if (waited >= WAIT_STEPS) {
                    String why = "VirtualMachine " + vmName + " was not stopped: the restore gave up";
                    status.put("conditions", List.of(sim.condition("Progressing", "False", "Failed", why),
                            sim.condition("Ready", "False", "Failed", why)));
                    events.warning(r, "VirtualMachineRestoreError", why, EventRecorder.Source.of("restore-controller"));
                } else {
                    status.put("conditions", List.of(sim.condition("Progressing", "False", "VM not stopped",
                            "Waiting for target VirtualMachine " + vmName + " to be stopped"),
                            sim.condition("Ready", "False", "VM not stopped",
                                    "Waiting for target VirtualMachine " + vmName + " to be stopped")));
                    sim.later(key, sim.bump(key), () -> restoreStep(ns, name, waited + 1));
                }
            } else {
                status.put("complete", true);
                status.put("restoreTime", sim.now().toString());
                status.put("conditions", List.of(sim.condition("Progressing", "False", "Operation complete", null),
                        sim.condition("Ready", "True", "Operation complete", null)));
                events.normal(r, "VirtualMachineRestoreComplete", "Successfully completed VirtualMachineRestore " + name,
                        EventRecorder.Source.of("restore-controller"));
            }
            sim.store.update(r);
        });
    }

    private boolean running(GenericKubernetesResource vm) {
        String printable = ClusterStore.str(vm, "status", "printableStatus");
        return printable != null && !printable.equals("Stopped");
    }

    /** The VM's {@code status.volumeSnapshotStatuses}, as virt-controller writes them: which volumes a snapshot holds. */
    @SuppressWarnings("unchecked")
    private void noteVolumes(GenericKubernetesResource vm) {
        Object volumes = vm.get("spec", "template", "spec", "volumes");
        List<Object> out = new ArrayList<>();
        if (volumes instanceof List<?> l) {
            for (Object v : l) {
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("name", m.get("name"));
                    boolean ok = m.containsKey("dataVolume") || m.containsKey("persistentVolumeClaim");
                    s.put("enabled", ok);
                    if (!ok) {
                        String source = m.keySet().stream().map(String::valueOf).filter(k -> !k.equals("name"))
                                .findFirst().orElse("unknown");
                        s.put("reason", "Snapshot is not supported for this volumeSource type [" + m.get("name") + "]"
                                + " (" + source + ")");
                    }
                    out.add(s);
                }
            }
        }
        Map<String, Object> status = ClusterStore.map(vm, "status");
        if (!out.equals(status.get("volumeSnapshotStatuses"))) {
            status.put("volumeSnapshotStatuses", out);
            sim.store.update(vm);
        }
    }
}
