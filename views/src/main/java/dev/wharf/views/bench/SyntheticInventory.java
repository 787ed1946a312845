package dev.wharf.views.bench;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/**
 * A synthetic hybrid inventory for the benchmark and for looking at the views: libvirt hosts
 * carrying Kubernetes nodes as VMs, bare-metal nodes, pods (runc, gVisor, Kata), KubeVirt VMs with
 * their launcher pods, libvirt domains, a migration and some pending work. Deterministic per seed.
 */
public final class SyntheticInventory {
    public static final String K8S = "k8s:prod";
    public static final String LIBVIRT = "libvirt:qemu+ssh://root@rack1/system";

    private final List<Item> items = new ArrayList<>();
    private final List<SourceInfo> sources = new ArrayList<>();

    private SyntheticInventory() {
    }

    public List<Item> items() {
        return items;
    }

    public List<SourceInfo> sources() {
        return sources;
    }

    /** About {@code workloads} workloads on {@code nodes} nodes (a fifth of them VMs on hosts). */
    public static SyntheticInventory generate(int workloads, int nodes, long seed) {
        SyntheticInventory s = new SyntheticInventory();
        Random r = new Random(seed);
        s.sources.add(new SourceInfo(K8S, SourceType.KUBERNETES, "prod", SourceStatus.CONNECTED, ""));
        s.sources.add(new SourceInfo(LIBVIRT, SourceType.LIBVIRT, "rack1", SourceStatus.CONNECTED, ""));
        int hosts = Math.max(1, nodes / 10);
        List<String> hostIds = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String id = Item.idOf(LIBVIRT, Kind.HOST, null, "kvm-" + (h + 1));
            hostIds.add(id);
            s.items.add(Item.builder(id, LIBVIRT, Kind.HOST, "kvm-" + (h + 1)).state(State.RUNNING).status("running")
                    .runtime("QEMU/KVM").property("CPUs", 64).property("Memory", "512 GiB").build());
        }
        List<String> nodeIds = new ArrayList<>();
        String[] namespaces = {"default", "payments", "search", "web", "ml", "kube-system", "data"};
        for (int n = 0; n < nodes; n++) {
            String name = "node-" + String.format("%03d", n + 1);
            String id = Item.idOf(K8S, Kind.NODE, null, name);
            nodeIds.add(id);
            boolean onVm = n % 5 == 0 && n / 5 < hosts * 2;
            Item.Builder b = Item.builder(id, K8S, Kind.NODE, name).state(n == 7 ? State.FAILED : State.RUNNING)
                    .status(n == 7 ? "NotReady" : "Ready").runtime("containerd 1.7");
            if (onVm) {
                String host = hostIds.get((n / 5) % hosts);
                String vmId = Item.idOf(LIBVIRT, Kind.VM, null, name + "-vm");
                s.items.add(Item.builder(vmId, LIBVIRT, Kind.VM, name + "-vm").state(State.RUNNING).status("running")
                        .isolation(Isolation.VM).runtime("kvm").on(host).carries(id).uuid(uuid(r))
                        .consoles(List.of(ConsoleType.SERIAL))
                        .actions(EnumSet.of(Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF, Action.PAUSE)).build());
                b.on(host).property("Runs as", "VM " + name + "-vm");
            }
            s.items.add(b.build());
        }
        // a few libvirt domains directly on hosts
        for (int h = 0; h < hosts; h++) {
            for (int k = 0; k < 3; k++) {
                String name = "db-" + (h + 1) + "-" + (k + 1);
                State st = k == 2 ? State.STOPPED : State.RUNNING;
                s.items.add(Item.builder(Item.idOf(LIBVIRT, Kind.VM, null, name), LIBVIRT, Kind.VM, name).state(st)
                        .status(st == State.RUNNING ? "running" : "shut off").isolation(Isolation.VM).runtime("kvm")
                        .on(hostIds.get(h)).consoles(List.of(ConsoleType.SERIAL))
                        .actions(st == State.RUNNING ? EnumSet.of(Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF, Action.PAUSE)
                                : EnumSet.of(Action.START, Action.DELETE))
                        .property("vCPUs", 4).property("Memory", "16 GiB").build());
            }
        }
        Instant now = Instant.now();
        for (int w = 0; w < workloads; w++) {
            String ns = namespaces[r.nextInt(namespaces.length)];
            int roll = r.nextInt(100);
            String node = nodeIds.get(r.nextInt(nodeIds.size()));
            State st = pickState(r);
            String onNode = st == State.PENDING && r.nextInt(3) == 0 ? null : node;
            Item.Builder b;
            if (roll < 70) {
                String name = app(r) + "-" + Integer.toString(w * 7 + 3, 36) + Integer.toHexString(r.nextInt(0xff));
                b = Item.builder(Item.idOf(K8S, Kind.POD, ns, name), K8S, Kind.POD, name).isolation(Isolation.CONTAINER)
                        .runtime("runc").consoles(List.of(ConsoleType.EXEC, ConsoleType.ATTACH)).action(Action.DELETE)
                        .facet(new dev.wharf.inventory.ResourceRequests(0.1 + (w % 5) * 0.1, (128L + (w % 4) * 128) << 20));
            } else if (roll < 80) {
                String name = app(r) + "-sbx-" + Integer.toString(w * 7 + 3, 36) + Integer.toHexString(r.nextInt(0xff));
                boolean gvisor = r.nextBoolean();
                b = Item.builder(Item.idOf(K8S, Kind.MICROVM, ns, name), K8S, Kind.MICROVM, name)
                        .isolation(gvisor ? Isolation.SANDBOX : Isolation.MICROVM).runtime(gvisor ? "runsc" : "kata-clh")
                        .consoles(List.of(ConsoleType.EXEC)).action(Action.DELETE);
            } else {
                String name = "vm-" + app(r) + "-" + w;
                String id = Item.idOf(K8S, Kind.VM, ns, name);
                b = Item.builder(id, K8S, Kind.VM, name).isolation(Isolation.VM).runtime("kubevirt")
                        .consoles(List.of(ConsoleType.SERIAL)).uuid(uuid(r));
                if (st == State.RUNNING) {
                    b.actions(EnumSet.of(Action.STOP, Action.RESTART, Action.PAUSE, Action.MIGRATE, Action.DELETE));
                } else if (st == State.PAUSED) {
                    b.actions(EnumSet.of(Action.RESUME, Action.STOP, Action.DELETE));
                } else if (st == State.STOPPED) {
                    b.actions(EnumSet.of(Action.START, Action.DELETE));
                    onNode = null;
                }
                if (onNode != null) {
                    s.items.add(Item.builder(Item.idOf(K8S, Kind.POD, ns, "virt-launcher-" + name), K8S, Kind.POD,
                            "virt-launcher-" + name).namespace(ns).state(State.RUNNING).isolation(Isolation.CONTAINER)
                            .on(onNode).owner(id).build());
                }
                b.property("vCPUs", 2).property("Memory", "4 GiB");
            }
            b.namespace(ns).state(st).status(status(st, r)).on(onNode).created(now.minusSeconds(r.nextInt(90 * 86400)));
            s.items.add(b.build());
        }
        // one migrating VM
        String mig = Item.idOf(K8S, Kind.VM, "payments", "vm-ledger-0");
        s.items.add(Item.builder(mig, K8S, Kind.VM, "vm-ledger-0").namespace("payments").state(State.MIGRATING)
                .status("Migrating").isolation(Isolation.VM).runtime("kubevirt").on(nodeIds.get(0))
                .property("Migrating from", "node-001").property("Migrating to", nodeIds.size() > 1 ? "node-002" : "node-001")
                .consoles(List.of(ConsoleType.SERIAL)).build());
        return s;
    }

    private static String uuid(Random r) {
        return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static final String[] APPS = {"api", "web", "worker", "cache", "ingest", "auth", "search", "billing",
        "etl", "frontend", "queue", "metrics", "model-serve", "notifier"};

    private static String app(Random r) {
        return APPS[r.nextInt(APPS.length)];
    }

    private static State pickState(Random r) {
        int p = r.nextInt(100);
        if (p < 82) {
            return State.RUNNING;
        }
        if (p < 87) {
            return State.PENDING;
        }
        if (p < 90) {
            return State.FAILED;
        }
        if (p < 93) {
            return State.PAUSED;
        }
        if (p < 96) {
            return State.STOPPED;
        }
        if (p < 98) {
            return State.STARTING;
        }
        return State.SUCCEEDED;
    }

    private static String status(State s, Random r) {
        return switch (s) {
            case RUNNING -> "Running";
            case PENDING -> r.nextBoolean() ? "Pending" : "ContainerCreating";
            case FAILED -> r.nextBoolean() ? "CrashLoopBackOff" : "ErrImagePull";
            case PAUSED -> "Paused";
            case STOPPED -> "Stopped";
            case STARTING -> "Starting";
            case SUCCEEDED -> "Completed";
            default -> s.wire();
        };
    }
}
