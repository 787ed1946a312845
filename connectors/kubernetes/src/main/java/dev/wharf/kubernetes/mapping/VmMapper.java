package dev.wharf.kubernetes.mapping;

import static dev.wharf.kubernetes.mapping.Fields.at;
import static dev.wharf.kubernetes.mapping.Fields.isTrue;
import static dev.wharf.kubernetes.mapping.Fields.list;
import static dev.wharf.kubernetes.mapping.Fields.obj;
import static dev.wharf.kubernetes.mapping.Fields.number;
import static dev.wharf.kubernetes.mapping.Fields.str;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.MigrationProgress;
import dev.wharf.inventory.State;
import dev.wharf.inventory.Tenant;
import dev.wharf.inventory.VmHostDisks;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A KubeVirt VirtualMachine and its VirtualMachineInstance → one VM item (same id for both;
 * a VMI without a VM is a VM item too). Pure: the VMI and an active migration are passed in.
 */
public final class VmMapper {
    public static final String RUNTIME = "kubevirt";
    static final Set<String> FAILED = Set.of("CrashLoopBackOff", "ErrorUnschedulable", "ErrImagePull",
            "ImagePullBackOff", "ErrorPvcNotFound", "DataVolumeError", "ErrorDataVolumeNotFound");

    private VmMapper() {
    }

    /**
     * @param vm        the VirtualMachine, or null for a bare VMI
     * @param vmi       its VirtualMachineInstance, or null when it is not running
     * @param migration an unfinished VirtualMachineInstanceMigration of the VMI, or null
     */
    public static Item map(Ids ids, GenericKubernetesResource vm, GenericKubernetesResource vmi,
                           GenericKubernetesResource migration, Permissions permissions) {
        return map(ids, vm, vmi, migration, permissions, null);
    }

    /**
     * @param tenant whose VM it is (from its namespace's labels); null: the namespace is its own tenant
     */
    public static Item map(Ids ids, GenericKubernetesResource vm, GenericKubernetesResource vmi,
                           GenericKubernetesResource migration, Permissions permissions, Tenant tenant) {
        GenericKubernetesResource main = vm != null ? vm : vmi;
        if (main == null) {
            throw new IllegalArgumentException("a VM item needs a VM or a VMI");
        }
        String ns = main.getMetadata().getNamespace();
        String name = main.getMetadata().getName();
        Item.Builder b = Item.builder(ids.of(Kind.VM, ns, name), ids.source(), Kind.VM, name)
                .namespace(ns)
                .isolation(Isolation.VM)
                .runtime(RUNTIME)
                .created(Fields.instant(main.getMetadata().getCreationTimestamp()))
                .facet(tenant != null ? tenant : Tenants.of(ns, null));

        Map<?, ?> vmiStatus = vmi == null ? null : obj(vmi.getAdditionalProperties(), "status");
        boolean paused = vmiStatus != null && hasTrueCondition(vmiStatus, "Paused");
        Map<?, ?> migState = migrationState(vmiStatus, migration);
        boolean migrating = migState != null && !isTrue(migState, "completed") && !isTrue(migState, "failed")
                || migration != null && !finished(migration);

        String printable = vm == null ? null : str(vm.getAdditionalProperties(), "status", "printableStatus");
        State state;
        String status;
        if (printable != null) {
            state = stateOfPrintableStatus(printable);
            status = printable;
        } else if (vmi != null) {
            String phase = str(vmiStatus, "phase");
            status = phase == null ? "Unknown" : phase;
            state = stateOfPhase(status);
        } else {
            String rs = runStrategy(vm);
            state = "Halted".equals(rs) ? State.STOPPED : State.UNKNOWN;
            status = state == State.STOPPED ? "Stopped" : "Unknown";
        }
        if (state == State.RUNNING && paused) {
            state = State.PAUSED;
            status = "Paused";
        }
        if ((state == State.RUNNING || state == State.MIGRATING) && migrating) {
            state = State.MIGRATING;
            status = "Migrating";
        }
        b.state(state).status(status);

        if (vmiStatus != null) {
            b.on(ids.node(str(vmiStatus, "nodeName")));
        }
        String uuid = vmi == null ? null : str(vmi.getAdditionalProperties(), "spec", "domain", "firmware", "uuid");
        if (uuid == null && vm != null) {
            uuid = str(vm.getAdditionalProperties(), "spec", "template", "spec", "domain", "firmware", "uuid");
        }
        b.uuid(uuid);

        // properties: few and short
        String rs = vm == null ? null : runStrategy(vm);
        b.property("Run strategy", rs);
        Object domain = vmi != null ? at(vmi.getAdditionalProperties(), "spec", "domain")
                : at(vm.getAdditionalProperties(), "spec", "template", "spec", "domain");
        long cpus = vcpus(domain);
        b.property("vCPUs", cpus > 0 ? Long.toString(cpus) : null);
        String mem = str(domain, "memory", "guest");
        b.property("Memory", mem != null ? mem : str(domain, "resources", "requests", "memory"));
        if (vmiStatus != null) {
            String os = str(vmiStatus, "guestOSInfo", "prettyName");
            b.property("Guest OS", os != null ? os : str(vmiStatus, "guestOSInfo", "name"));
            Set<String> ips = new LinkedHashSet<>();
            for (Object i : list(vmiStatus, "interfaces")) {
                String ip = str(i, "ipAddress");
                if (ip != null && !ip.isEmpty()) {
                    ips.add(ip);
                }
            }
            b.property("IPs", String.join(", ", ips));
        }
        MigrationProgress progress = migrating ? VmDiagnoser.migration(vmiStatus, migration) : null;
        if (progress != null) {
            b.facet(progress);
            b.property("Migrating from", progress.from());
            b.property("Migrating to", progress.to() != null ? progress.to() : "(being scheduled)");
        }
        Conditions conditions = VmDiagnoser.conditions(vm, vmi);
        b.facet(conditions);
        b.facet(VmDiagnoser.diagnose(status, conditions, progress));
        if (vm == null) {
            b.property("VM object", "none (bare VMI)");
        }
        b.facet(hostDisks(vmi != null ? at(vmi.getAdditionalProperties(), "spec", "volumes")
                : at(vm.getAdditionalProperties(), "spec", "template", "spec", "volumes")));

        Set<Action> wanted = actions(state, vm != null, vmi != null, rs);
        if (progress != null && progress.name() != null) {
            wanted.add(Action.CANCEL_MIGRATION);
        }
        List<String> denied = new ArrayList<>();
        for (Action a : wanted) {
            if (permissions.allows(ns, a, Kind.VM)) {
                b.action(a);
            } else {
                denied.add(a.wire());
            }
        }
        if (!denied.isEmpty()) {
            b.property("Not permitted", String.join(", ", denied) + " (RBAC)");
        }
        if (vmi != null && (state == State.RUNNING || state == State.PAUSED || state == State.MIGRATING)) {
            b.console(ConsoleType.SERIAL);
            if (hasGraphics(vmi)) {
                b.console(ConsoleType.VNC);
            }
        }
        b.facet(LogStreamsMapper.ofVm(vm, vmi));
        return b.build();
    }

    /**
     * Whether the VMI runs with a graphics device (a VNC display): unless
     * {@code spec.domain.devices.autoattachGraphicsDevice} is false, KubeVirt attaches one.
     */
    static boolean hasGraphics(GenericKubernetesResource vmi) {
        Object auto = at(vmi.getAdditionalProperties(), "spec", "domain", "devices", "autoattachGraphicsDevice");
        return !(Boolean.FALSE.equals(auto) || "false".equals(auto));
    }

    /** The VM's hostDisk volumes (disk images on the node's file system); null when none. */
    static VmHostDisks hostDisks(Object volumes) {
        List<VmHostDisks.HostDisk> disks = new ArrayList<>();
        if (volumes instanceof List<?> l) {
            for (Object v : l) {
                Map<?, ?> hd = obj(v, "hostDisk");
                if (hd != null) {
                    disks.add(new VmHostDisks.HostDisk(str(v, "name"), str(hd, "path"), str(hd, "type")));
                }
            }
        }
        return disks.isEmpty() ? null : new VmHostDisks(disks);
    }

    /** The normalized state of a VirtualMachine's {@code status.printableStatus}. */
    public static State stateOfPrintableStatus(String s) {
        switch (s) {
            case "Running": return State.RUNNING;
            case "Paused": return State.PAUSED;
            case "Stopped": return State.STOPPED;
            case "Starting", "Provisioning": return State.STARTING;
            case "Stopping", "Terminating": return State.STOPPING;
            case "Migrating": return State.MIGRATING;
            case "WaitingForVolumeBinding", "WaitingForReceiver", "Pending": return State.PENDING;
            case "Unknown": return State.UNKNOWN;
            default:
                if (FAILED.contains(s) || s.startsWith("Err") || s.endsWith("Error") || s.endsWith("BackOff")) {
                    return State.FAILED;
                }
                return State.UNKNOWN;
        }
    }

    /** The normalized state of a VMI's {@code status.phase}. */
    public static State stateOfPhase(String phase) {
        return switch (phase) {
            case "Pending", "Scheduling" -> State.PENDING;
            case "Scheduled" -> State.STARTING;
            case "Running" -> State.RUNNING;
            case "Succeeded" -> State.STOPPED;
            case "Failed" -> State.FAILED;
            default -> State.UNKNOWN;
        };
    }

    /** The actions that fit a state (before RBAC). */
    static Set<Action> actions(State state, boolean hasVm, boolean hasVmi, String runStrategy) {
        Set<Action> a = EnumSet.noneOf(Action.class);
        if (!hasVm) {
            // a bare VMI: no VM subresources; pause/resume and delete only
            if (state == State.RUNNING) {
                a.add(Action.PAUSE);
            } else if (state == State.PAUSED) {
                a.add(Action.RESUME);
            }
            a.add(Action.DELETE);
            return a;
        }
        boolean manual = "Halted".equals(runStrategy) || "Manual".equals(runStrategy);
        switch (state) {
            case STOPPED -> a.add(Action.START);
            case FAILED -> {
                if (manual) {
                    a.add(Action.START);
                }
                a.add(Action.STOP);
            }
            case PENDING, STARTING, MIGRATING, UNKNOWN -> a.add(Action.STOP);
            case RUNNING -> {
                a.add(Action.STOP);
                a.add(Action.RESTART);
                if (hasVmi) {
                    a.add(Action.PAUSE);
                    a.add(Action.MIGRATE);
                }
            }
            case PAUSED -> {
                a.add(Action.STOP);
                a.add(Action.RESTART);
                if (hasVmi) {
                    a.add(Action.RESUME);
                }
            }
            default -> { }
        }
        return a;
    }

    /** {@code spec.runStrategy}, or the deprecated {@code spec.running} as a strategy. */
    static String runStrategy(GenericKubernetesResource vm) {
        String rs = str(vm.getAdditionalProperties(), "spec", "runStrategy");
        if (rs != null) {
            return rs;
        }
        Object running = at(vm.getAdditionalProperties(), "spec", "running");
        return running == null ? null : isTrue(vm.getAdditionalProperties(), "spec", "running") ? "Always" : "Halted";
    }

    /** Whether a VirtualMachineInstanceMigration is over (Succeeded or Failed). */
    public static boolean finished(GenericKubernetesResource migration) {
        String phase = str(migration.getAdditionalProperties(), "status", "phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Map<?, ?> migrationState(Map<?, ?> vmiStatus, GenericKubernetesResource migration) {
        Map<?, ?> m = vmiStatus == null ? null : obj(vmiStatus, "migrationState");
        if (m == null && migration != null) {
            m = obj(migration.getAdditionalProperties(), "status", "migrationState");
        }
        return m;
    }

    private static boolean hasTrueCondition(Map<?, ?> status, String type) {
        for (Object c : list(status, "conditions")) {
            if (type.equals(str(c, "type")) && "True".equals(str(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    private static long vcpus(Object domain) {
        Map<?, ?> cpu = obj(domain, "cpu");
        if (cpu == null) {
            return 0;
        }
        long cores = Math.max(1, number(cpu, "cores"));
        long sockets = Math.max(1, number(cpu, "sockets"));
        long threads = Math.max(1, number(cpu, "threads"));
        return cores * sockets * threads;
    }
}
