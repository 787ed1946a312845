package dev.wharf.isolation.bench;

import dev.wharf.inventory.InventoryDelta;
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
import dev.wharf.isolation.IsolationAnalysis;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.IsolationSettings;
import dev.wharf.isolation.LiveIsolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: the full analysis of PODS pods on NODES nodes, and the re-analysis after one pod
 * changes. Args: {@code [pods] [nodes]} (default 50000 1000). See the module README.
 */
public final class IsolationBenchmark {
    private static final String SRC = "k8s:bench";
    private static final RuntimeClassFacts KATA = new RuntimeClassFacts("kata-qemu", RuntimeClassFacts.Status.FOUND,
            "kata-qemu", Map.of("memory", "160Mi", "cpu", "250m"), Map.of("katacontainers.io/kata-runtime", "true"));
    private static final RuntimeClassFacts GVISOR = new RuntimeClassFacts("gvisor", RuntimeClassFacts.Status.FOUND,
            "runsc", Map.of(), Map.of());

    private IsolationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        List<Item> items = inventory(pods, nodes, new Random(42));
        System.out.printf("%,d items: %,d pods/microVMs/VMs on %,d nodes (JDK %s, %d CPUs)%n", items.size(),
                items.size() - nodes, nodes, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("load average before: " + loadAverage());

        long[] full = new long[8];
        IsolationReport r = null;
        for (int i = 0; i < 3 + full.length; i++) { // 3 warm-ups
            long t0 = System.nanoTime();
            r = IsolationAnalysis.analyse(items, IsolationSettings.DEFAULT);
            if (i >= 3) {
                full[i - 3] = System.nanoTime() - t0;
            }
        }
        System.out.printf("full analysis: median %.1f ms (min %.1f, max %.1f); %,d findings on %,d nodes%n",
                ms(median(full)), ms(min(full)), ms(max(full)), r.findings().size(), r.nodes().size());

        LiveIsolation live = new LiveIsolation(IsolationSettings.DEFAULT);
        long t0 = System.nanoTime();
        live.apply(new InventoryDelta(true, items, List.of(), List.of(), List.of()));
        System.out.printf("live analysis, initial delta: %.1f ms%n", ms(System.nanoTime() - t0));

        List<Item> workloads = items.stream().filter(i -> i.kind() != Kind.NODE).toList();
        Random rnd = new Random(7);
        int rounds = 5_000;
        long[] one = new long[rounds];
        for (int i = 0; i < 2_000 + rounds; i++) { // 2,000 warm-ups
            Item p = workloads.get(rnd.nextInt(workloads.size()));
            Item changed = p.toBuilder().state(i % 2 == 0 ? State.STARTING : State.RUNNING).build();
            long s = System.nanoTime();
            live.apply(new InventoryDelta(false, List.of(changed), List.of(), List.of(), List.of()));
            if (i >= 2_000) {
                one[i - 2_000] = System.nanoTime() - s;
            }
        }
        Arrays.sort(one);
        System.out.printf("re-analysis after one pod changes: median %.3f ms, p99 %.3f ms, max %.3f ms (%,d rounds)%n",
                ms(one[rounds / 2]), ms(one[rounds * 99 / 100]), ms(one[rounds - 1]), rounds);
        System.out.println("load average after: " + loadAverage());
    }

    /** Nodes (a third VMs) with tenants' containers, Kata and gVisor pods, DaemonSet agents and a few bad settings. */
    static List<Item> inventory(int pods, int nodes, Random rnd) {
        List<Item> out = new ArrayList<>(pods + nodes);
        for (int n = 0; n < nodes; n++) {
            NodePlacement.Placement p = n % 3 == 0 ? NodePlacement.Placement.VM : NodePlacement.Placement.BARE_METAL;
            out.add(Item.builder(nodeId(n), SRC, Kind.NODE, "node-" + n).state(State.RUNNING)
                    .facet(new NodePlacement(p, null, "bench")).build());
        }
        for (int i = 0; i < pods; i++) {
            int node = i % nodes;
            boolean agent = i % 17 == 0;
            String ns = agent ? "kube-system" : "tenant-" + rnd.nextInt(20);
            int r = rnd.nextInt(100);
            Isolation iso = agent || r < 75 ? Isolation.CONTAINER : r < 90 ? Isolation.MICROVM : Isolation.SANDBOX;
            Kind kind = iso == Isolation.CONTAINER ? Kind.POD : Kind.MICROVM;
            boolean privileged = agent || rnd.nextInt(200) == 0;
            List<HostPathVolume> paths = agent ? List.of(new HostPathVolume("root", "/", true),
                    new HostPathVolume("logs", "/var/log", true)) : rnd.nextInt(100) == 0
                    ? List.of(new HostPathVolume("data", "/data", true)) : List.of();
            PodSecurity sec = new PodSecurity(List.of(new ContainerSecurity("app", ContainerType.CONTAINER, privileged,
                    rnd.nextInt(300) == 0 ? List.of("NET_ADMIN") : List.of(), null)), agent, false, agent, paths,
                    List.of(), agent ? "DaemonSet" : "ReplicaSet", Map.of());
            String name = "pod-" + i;
            out.add(Item.builder(Item.idOf(SRC, kind, ns, name), SRC, kind, name).namespace(ns).state(State.RUNNING)
                    .isolation(iso).runtime(iso == Isolation.MICROVM ? "kata-qemu" : iso == Isolation.SANDBOX ? "runsc" : "runc")
                    .on(nodeId(node)).facet(sec).facet(iso == Isolation.MICROVM ? KATA : iso == Isolation.SANDBOX ? GVISOR : null)
                    .facet(Tenant.ofNamespace(ns)).build());
        }
        return out;
    }

    private static String nodeId(int n) {
        return Item.idOf(SRC, Kind.NODE, null, "node-" + n);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long median(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static long min(long[] a) {
        return Arrays.stream(a).min().orElse(0);
    }

    private static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }
}
