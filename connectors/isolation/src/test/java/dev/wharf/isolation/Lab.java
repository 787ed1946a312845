package dev.wharf.isolation;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.NodePlacement;
import dev.wharf.inventory.PodSecurity;
import dev.wharf.inventory.PodSecurity.ContainerSecurity;
import dev.wharf.inventory.PodSecurity.ContainerType;
import dev.wharf.inventory.PodSecurity.HostPathVolume;
import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.inventory.State;
import dev.wharf.inventory.Tenant;
import dev.wharf.inventory.VmHostDisks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders of inventory items for the analysis tests (what the Kubernetes mappers would give). */
final class Lab {
    static final String SRC = "k8s:t";
    static final RuntimeClassFacts KATA = new RuntimeClassFacts("kata-qemu", RuntimeClassFacts.Status.FOUND, "kata-qemu",
            Map.of("memory", "160Mi"), Map.of());
    static final RuntimeClassFacts GVISOR = new RuntimeClassFacts("gvisor", RuntimeClassFacts.Status.FOUND, "runsc",
            Map.of("memory", "64Mi"), Map.of());

    private Lab() {
    }

    static Item node(String name, NodePlacement.Placement placement) {
        return Item.builder(nodeId(name), SRC, Kind.NODE, name).state(State.RUNNING)
                .facet(new NodePlacement(placement, null, "test evidence")).build();
    }

    static String nodeId(String name) {
        return Item.idOf(SRC, Kind.NODE, null, name);
    }

    /** A pod being built: chain the settings, then {@link #item()}. */
    static final class Pod {
        final String ns;
        final String name;
        String node;
        Isolation isolation = Isolation.CONTAINER;
        String runtime = "runc";
        RuntimeClassFacts rc;
        Tenant tenant;
        boolean privileged;
        List<String> caps = List.of();
        boolean hostPID;
        boolean hostIPC;
        boolean hostNetwork;
        final List<HostPathVolume> paths = new ArrayList<>();
        final List<PodSecurity.HostPort> ports = new ArrayList<>();
        String ownerKind = "ReplicaSet";
        State state = State.RUNNING;

        Pod(String ns, String name, String node) {
            this.ns = ns;
            this.name = name;
            this.node = node;
        }

        Pod kata() { isolation = Isolation.MICROVM; runtime = "kata-qemu"; rc = KATA; return this; }
        Pod gvisor() { isolation = Isolation.SANDBOX; runtime = "runsc"; rc = GVISOR; return this; }
        Pod runtimeClass(RuntimeClassFacts v) { rc = v; return this; }
        Pod tenant(String name, String label) { tenant = new Tenant(name, label); return this; }
        Pod privileged() { privileged = true; return this; }
        Pod caps(String... v) { caps = List.of(v); return this; }
        Pod hostPID() { hostPID = true; return this; }
        Pod hostIPC() { hostIPC = true; return this; }
        Pod hostNetwork() { hostNetwork = true; return this; }
        Pod hostPath(String path, boolean readOnly) { paths.add(new HostPathVolume("v" + paths.size(), path, readOnly)); return this; }
        Pod hostPort(int port) { ports.add(new PodSecurity.HostPort("main", port, "TCP")); return this; }
        Pod daemonSet() { ownerKind = "DaemonSet"; return this; }
        Pod state(State v) { state = v; return this; }

        String id() {
            return Item.idOf(SRC, isolation == Isolation.CONTAINER ? Kind.POD : Kind.MICROVM, ns, name);
        }

        Item item() {
            Kind kind = isolation == Isolation.CONTAINER ? Kind.POD : Kind.MICROVM;
            PodSecurity sec = new PodSecurity(
                    List.of(new ContainerSecurity("main", ContainerType.CONTAINER, privileged, caps, null)),
                    hostPID, hostIPC, hostNetwork, paths, ports, ownerKind, Map.of());
            return Item.builder(id(), SRC, kind, name).namespace(ns).state(state).isolation(isolation).runtime(runtime)
                    .on(node == null ? null : nodeId(node)).facet(sec).facet(rc)
                    .facet(tenant != null ? tenant : Tenant.ofNamespace(ns)).build();
        }
    }

    static Pod pod(String ns, String name, String node) {
        return new Pod(ns, name, node);
    }

    static Item vm(String ns, String name, String node, String hostDiskPath) {
        Item.Builder b = Item.builder(Item.idOf(SRC, Kind.VM, ns, name), SRC, Kind.VM, name).namespace(ns)
                .state(State.RUNNING).isolation(Isolation.VM).runtime("kubevirt").on(nodeId(node))
                .facet(Tenant.ofNamespace(ns));
        if (hostDiskPath != null) {
            b.facet(new VmHostDisks(List.of(new VmHostDisks.HostDisk("scratch", hostDiskPath, "DiskOrCreate"))));
        }
        return b.build();
    }

    /** The findings of one rule over these items. */
    static List<Finding> findings(String rule, Item... items) {
        return IsolationAnalysis.analyse(List.of(items), IsolationSettings.DEFAULT).findings().stream()
                .filter(f -> f.rule().equals(rule)).toList();
    }
}
