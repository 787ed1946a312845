package dev.wharf.kubernetes.mapping;

import static dev.wharf.kubernetes.mapping.Fields.list;
import static dev.wharf.kubernetes.mapping.Fields.obj;
import static dev.wharf.kubernetes.mapping.Fields.str;

import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.MigrationProgress;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What explains a KubeVirt VM: the VM's and VMI's conditions, its printableStatus in words,
 * and a migration's progress. Pure.
 */
public final class VmDiagnoser {
    static final String VM = "VirtualMachine";
    static final String VMI = "VirtualMachineInstance";

    private VmDiagnoser() {
    }

    /** The VM's conditions, then the VMI's; null when neither has any. */
    public static Conditions conditions(GenericKubernetesResource vm, GenericKubernetesResource vmi) {
        List<Condition> out = new ArrayList<>();
        boolean both = vm != null && vmi != null;
        add(out, vm, both ? VM : null);
        add(out, vmi, both ? VMI : null);
        return out.isEmpty() ? null : new Conditions(out);
    }

    private static void add(List<Condition> out, GenericKubernetesResource r, String of) {
        if (r == null) {
            return;
        }
        for (Object c : list(r.getAdditionalProperties(), "status", "conditions")) {
            String type = str(c, "type");
            if (type != null) {
                out.add(new Condition(of, type, str(c, "status"), str(c, "reason"), str(c, "message"),
                        Fields.instant(str(c, "lastTransitionTime"))));
            }
        }
    }

    /** The migration under way, from the VMI's migrationState or the migration object; null when none. */
    public static MigrationProgress migration(Map<?, ?> vmiStatus, GenericKubernetesResource migration) {
        Map<?, ?> state = vmiStatus == null ? null : obj(vmiStatus, "migrationState");
        Map<?, ?> objState = migration == null ? null : obj(migration.getAdditionalProperties(), "status", "migrationState");
        String name = migration == null ? null : migration.getMetadata().getName();
        String phase = migration == null ? null : str(migration.getAdditionalProperties(), "status", "phase");
        String from = first(str(state, "sourceNode"), str(objState, "sourceNode"), str(vmiStatus, "nodeName"));
        String to = first(str(state, "targetNode"), str(objState, "targetNode"));
        String started = first(str(state, "startTimestamp"), str(objState, "startTimestamp"),
                migration == null ? null : migration.getMetadata().getCreationTimestamp());
        return new MigrationProgress(name, phase == null ? "Running" : phase, from, to, Fields.instant(started));
    }

    /** One sentence for a VM that fails, waits, is paused or migrates; null when it runs or is stopped. */
    public static Diagnosis diagnose(String printable, Conditions conditions, MigrationProgress migration) {
        if (migration != null) {
            return new Diagnosis("Migrating from " + orUnknown(migration.from()) + " to "
                    + (migration.to() == null ? "a node being chosen" : migration.to()) + " (" + migration.phase()
                    + ")" + (migration.started() == null ? "" : ", started"), migration.started(), ".");
        }
        if (printable == null) {
            return null;
        }
        String what = switch (printable) {
            case "ErrorUnschedulable" -> "no node can run its pod";
            case "ErrImagePull", "ImagePullBackOff" -> "a container disk image cannot be pulled";
            case "ErrorPvcNotFound", "ErrorDataVolumeNotFound" -> "a disk's volume does not exist";
            case "DataVolumeError" -> "a DataVolume failed";
            case "CrashLoopBackOff" -> "it keeps failing to start; KubeVirt waits longer before each new try";
            case "WaitingForVolumeBinding" -> "its volumes are not bound yet";
            case "WaitingForReceiver" -> "it waits for a migration or clone to send its disks";
            case "Paused" -> "the guest is paused";
            case "Unknown" -> "KubeVirt has no state for it (its node may be unreachable)";
            case "Provisioning", "Starting", "Stopping", "Terminating" -> null;
            default -> null;
        };
        if (what == null) {
            return null;
        }
        String detail = detail(printable, conditions);
        return Diagnosis.of(printable + ": " + what + (detail == null ? "." : ": " + stop(detail)));
    }

    /** The condition message that says why: unschedulable pod, Failure, Paused, then any False Ready. */
    private static String detail(String printable, Conditions conditions) {
        if (conditions == null) {
            return null;
        }
        if (printable.equals("Paused")) {
            return conditions.get("Paused").map(c -> c.message() != null ? c.message() : c.reason()).orElse(null);
        }
        for (String type : List.of("PodScheduled", "Failure", "Synchronized", "DataVolumesReady", "Ready")) {
            for (Condition c : conditions.list()) {
                boolean bad = type.equals("Failure") ? c.isTrue() : "False".equals(c.status());
                if (c.type().equals(type) && bad && c.message() != null && !c.message().isBlank()) {
                    return c.message().trim();
                }
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String orUnknown(String s) {
        return s == null ? "an unknown node" : s;
    }

    private static String stop(String s) {
        return s.endsWith(".") ? s : s + ".";
    }
}
