package dev.wharf.kubernetes.bench;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.kubernetes.MockCluster;
import dev.wharf.kubernetes.mapping.Ids;
import dev.wharf.kubernetes.mapping.NodeMapper;
import dev.wharf.kubernetes.mapping.Permissions;
import dev.wharf.kubernetes.mapping.PodMapper;
import dev.wharf.kubernetes.mapping.VmMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassList;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): a cluster of N pods (1,000 of them virt-launcher pods), 1,000 KubeVirt
 * VMs with their VMIs, 500 Kata microVM pods and 200 nodes, served by fabric8's mock server.
 * Measures connect → complete inventory against a bare informer sync of the same kinds, the heap
 * the inventory holds per pod, the mapping cost per object, and {@code kubectl get pods -A -o json}
 * against the same server. Run: see connectors/kubernetes/README.md. Args: pod counts, e.g. {@code 10000 50000}.
 */
public final class InventoryBenchmark {
    static final int VMS = 1_000;
    static final int MICROVMS = 500;
    static final int NODES = 200;
    static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("java %s, max heap %d MB, %d CPUs%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        for (int pods : sizes) {
            run(pods);
        }
        System.exit(0);
    }

    static void run(int podCount) throws Exception {
        System.out.printf("%n== %,d pods (%,d virt-launcher) + %,d VMs/VMIs + %,d microVM pods on %d nodes ==%n",
                podCount, VMS, VMS, MICROVMS, NODES);
        Cluster data = Cluster.generate(podCount);
        KubernetesMockServer server = MockCluster.crudServer();
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            data.serve(server);
            KubernetesClient client = MockCluster.clientFor(server);

            // warm up both paths once
            bareSync(client);
            wharfSync(client, new Inventory()).close();

            List<Long> bare = new ArrayList<>();
            List<Long> wharf = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                bare.add(bareSync(client));
                long t0 = System.nanoTime();
                Inventory inv = new Inventory();
                KubernetesConnection c = wharfSync(client, inv);
                wharf.add(System.nanoTime() - t0);
                c.close();
                inv.close();
            }
            long bareMs = median(bare) / 1_000_000;
            long wharfMs = median(wharf) / 1_000_000;
            System.out.printf("bare informer sync (6 kinds)     : median %5d ms  %s%n", bareMs, ms(bare));
            System.out.printf("Wharf connect → complete inventory: median %5d ms  %s  ratio %.2f× (target ≤ 2×)%n",
                    wharfMs, ms(wharf), (double) median(wharf) / median(bare));

            heapPerPod(client, podCount + MICROVMS);
            itemsAlone(data);
            mappingCost(data);
            kubectl(server, podCount + MICROVMS);
            client.close();
        } finally {
            MockCluster.stop(server);
        }
    }

    /** The same six informers Wharf starts, with no handler: the floor. */
    static long bareSync(KubernetesClient client) throws Exception {
        long t0 = System.nanoTime();
        List<SharedIndexInformer<?>> informers = List.of(
                client.nodes().runnableInformer(0),
                client.pods().inAnyNamespace().runnableInformer(0),
                client.resources(RuntimeClass.class).runnableInformer(0),
                client.genericKubernetesResources(ctx("VirtualMachine", "virtualmachines")).inAnyNamespace().runnableInformer(0),
                client.genericKubernetesResources(ctx("VirtualMachineInstance", "virtualmachineinstances")).inAnyNamespace().runnableInformer(0),
                client.genericKubernetesResources(ctx("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations")).inAnyNamespace().runnableInformer(0));
        CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long t = System.nanoTime() - t0;
        informers.forEach(SharedIndexInformer::stop);
        return t;
    }

    static KubernetesConnection wharfSync(KubernetesClient client, Inventory inventory) throws Exception {
        KubernetesConnection c = new KubernetesConnection("bench", client, inventory);
        c.start();
        if (!c.awaitInitialSync(Duration.ofSeconds(120))) {
            throw new IllegalStateException("no sync: " + inventory.source(c.id()));
        }
        return c;
    }

    /**
     * Heap the inventory itself holds: used heap after GC with the synced inventory, minus used
     * heap after GC once the source's items are removed, while the (stopped) connection still holds
     * fabric8's caches. Strings shared with the cached objects (names, namespaces) cost nothing extra.
     */
    static void heapPerPod(KubernetesClient client, int pods) throws Exception {
        List<Long> perItem = new ArrayList<>();
        int items = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Inventory inventory = new Inventory();
            KubernetesConnection c = wharfSync(client, inventory);
            c.close();
            inventory.awaitDelivered(Duration.ofSeconds(30));
            items = inventory.snapshot().items().size();
            long with = usedAfterGc();
            inventory.removeSource(c.id());
            inventory.awaitDelivered(Duration.ofSeconds(30));
            long without = usedAfterGc();
            perItem.add((with - without) / Math.max(1, items));
            if (c.client() == null) {
                throw new AssertionError(); // keep the connection (and fabric8's caches) reachable until here
            }
            inventory.close();
        }
        System.out.printf("inventory heap: %,d items → median %d bytes per item %s (target ≤ 1 KB per pod), "
                + "GC + MemoryMXBean difference%n", items, median(perItem), perItem);
    }

    static long usedAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** The item records alone (no store): the pods' items kept in a list, GC + MemoryMXBean difference. */
    static void itemsAlone(Cluster data) throws InterruptedException {
        Ids ids = new Ids("k8s:bench");
        RuntimeClass kata = data.runtimeClasses.get(0);
        long before = usedAfterGc();
        List<Item> items = new ArrayList<>(data.pods.size());
        for (Pod p : data.pods) {
            items.add(PodMapper.map(ids, p, p.getSpec().getRuntimeClassName() == null ? null : kata, true, Permissions.ALL));
        }
        long after = usedAfterGc();
        System.out.printf("pod item records alone: %d bytes per pod (the rest of the figure above is the store's maps)%n",
                (after - before) / items.size());
        if (items.isEmpty()) {
            throw new AssertionError();
        }
    }

    static void mappingCost(Cluster data) {
        Ids ids = new Ids("k8s:bench");
        RuntimeClass kata = data.runtimeClasses.get(0);
        Map<String, GenericKubernetesResource> vmis = new LinkedHashMap<>();
        data.vmis.forEach(v -> vmis.put(v.getMetadata().getName(), v));
        long sink = 0;
        for (int warm = 0; warm < 3; warm++) {
            sink += mapPods(data, ids, kata) + mapVms(data, ids, vmis) + mapNodes(data, ids);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            sink += mapPods(data, ids, kata);
        }
        double podUs = (System.nanoTime() - t0) / 1000.0 / 5 / data.pods.size();
        t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            sink += mapVms(data, ids, vmis);
        }
        double vmUs = (System.nanoTime() - t0) / 1000.0 / 5 / data.vms.size();
        t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            sink += mapNodes(data, ids);
        }
        double nodeUs = (System.nanoTime() - t0) / 1000.0 / 50 / data.nodes.size();
        System.out.printf("mapping cost: pod %.2f µs, VM+VMI %.2f µs, node %.2f µs per object (%d)%n",
                podUs, vmUs, nodeUs, sink % 10);
    }

    static long mapPods(Cluster d, Ids ids, RuntimeClass kata) {
        long n = 0;
        for (Pod p : d.pods) {
            Item i = PodMapper.map(ids, p, p.getSpec().getRuntimeClassName() == null ? null : kata, true, Permissions.ALL);
            n += i.properties().size();
        }
        return n;
    }

    static long mapVms(Cluster d, Ids ids, Map<String, GenericKubernetesResource> vmis) {
        long n = 0;
        for (GenericKubernetesResource vm : d.vms) {
            n += VmMapper.map(ids, vm, vmis.get(vm.getMetadata().getName()), null, Permissions.ALL).properties().size();
        }
        return n;
    }

    static long mapNodes(Cluster d, Ids ids) {
        long n = 0;
        for (Node node : d.nodes) {
            n += NodeMapper.map(ids, node).properties().size();
        }
        return n;
    }

    /** {@code kubectl get pods -A -o json} against the same mock server (discovery answered by expectations). */
    static void kubectl(KubernetesMockServer server, int pods) throws Exception {
        Path kubeconfig = Files.createTempFile("wharf-bench", ".kubeconfig");
        try {
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: bench\nclusters:\n- name: bench\n"
                    + "  cluster: {server: 'http://127.0.0.1:" + server.getPort() + "'}\nusers:\n- name: bench\n  user: {}\n"
                    + "contexts:\n- name: bench\n  context: {cluster: bench, user: bench}\n");
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < ROUNDS + 1; i++) {
                ProcessBuilder pb = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(),
                        "--cache-dir", kubeconfig + ".cache", "get", "pods", "-A", "-o", "json")
                        .redirectErrorStream(false).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.PIPE);
                long t0 = System.nanoTime();
                Process p;
                try {
                    p = pb.start();
                } catch (java.io.IOException e) {
                    System.out.println("kubectl: not run (" + e.getMessage() + ")");
                    return;
                }
                String err = new String(p.getErrorStream().readAllBytes());
                int rc = p.waitFor();
                if (rc != 0) {
                    System.out.println("kubectl failed (" + rc + "): " + err.lines().findFirst().orElse(""));
                    return;
                }
                if (i > 0) {
                    times.add(System.nanoTime() - t0);
                }
            }
            System.out.printf("kubectl get pods -A -o json (%,d pods): median %d ms %s%n", pods,
                    median(times) / 1_000_000, ms(times));
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    static ResourceDefinitionContext ctx(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static String ms(List<Long> xs) {
        return xs.stream().map(x -> Long.toString(x / 1_000_000)).toList().toString();
    }

    /** The generated objects, and how the mock serves them. */
    static final class Cluster {
        final List<Node> nodes = new ArrayList<>();
        final List<Pod> pods = new ArrayList<>();
        final List<RuntimeClass> runtimeClasses = new ArrayList<>();
        final List<GenericKubernetesResource> vms = new ArrayList<>();
        final List<GenericKubernetesResource> vmis = new ArrayList<>();

        static Cluster generate(int podCount) {
            Cluster c = new Cluster();
            c.runtimeClasses.add(new RuntimeClassBuilder().withNewMetadata().withName("kata").endMetadata()
                    .withHandler("kata-qemu").build());
            for (int n = 0; n < NODES; n++) {
                c.nodes.add(new NodeBuilder().withNewMetadata().withName(node(n))
                        .addToLabels("kubernetes.io/hostname", node(n)).addToLabels("node-role.kubernetes.io/worker", "")
                        .withCreationTimestamp("2026-10-01T08:00:00Z").endMetadata()
                        .withNewStatus().addToCapacity("cpu", new Quantity("32")).addToCapacity("memory", new Quantity("131072Mi"))
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .withNewNodeInfo().withSystemUUID(String.format("4c4c4544-0000-0000-0000-%012d", n))
                        .withKubeletVersion("v1.31.2").withOsImage("Fedora CoreOS 41")
                        .withContainerRuntimeVersion("containerd://1.7.22").endNodeInfo().endStatus().build());
            }
            for (int i = 0; i < podCount; i++) {
                boolean launcher = i < VMS;
                c.pods.add(pod(i, launcher ? "vms" : "ns-" + (i % 50), launcher ? "virt-launcher-vm-" + i + "-abcde" : "app-" + i,
                        null, launcher ? "vm-" + i : null));
            }
            for (int i = 0; i < MICROVMS; i++) {
                c.pods.add(pod(podCount + i, "sandbox", "kata-" + i, "kata", null));
            }
            for (int i = 0; i < VMS; i++) {
                c.vms.add(Serialization.unmarshal(("{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachine\","
                        + "\"metadata\":{\"name\":\"vm-%d\",\"namespace\":\"vms\",\"uid\":\"vm-uid-%d\",\"creationTimestamp\":\"2026-11-01T09:00:00Z\"},"
                        + "\"spec\":{\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"domain\":{\"cpu\":{\"cores\":2},"
                        + "\"memory\":{\"guest\":\"2Gi\"},\"devices\":{}}}}},\"status\":{\"printableStatus\":\"Running\",\"ready\":true}}")
                        .formatted(i, i), GenericKubernetesResource.class));
                c.vmis.add(Serialization.unmarshal(("{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstance\","
                        + "\"metadata\":{\"name\":\"vm-%d\",\"namespace\":\"vms\",\"uid\":\"vmi-uid-%d\"},"
                        + "\"spec\":{\"domain\":{\"cpu\":{\"cores\":2},\"memory\":{\"guest\":\"2Gi\"},"
                        + "\"firmware\":{\"uuid\":\"5d3b4c2a-0000-4e8b-9c0d-%012d\"},\"devices\":{}}},"
                        + "\"status\":{\"phase\":\"Running\",\"nodeName\":\"%s\",\"interfaces\":[{\"name\":\"default\",\"ipAddress\":\"10.2.%d.%d\"}],"
                        + "\"guestOSInfo\":{\"prettyName\":\"Fedora Linux 41\"}}}")
                        .formatted(i, i, i, node(i % NODES), i / 250, i % 250), GenericKubernetesResource.class));
            }
            return c;
        }

        static String node(int n) {
            return String.format("node-%03d", n);
        }

        static Pod pod(int i, String ns, String name, String runtimeClass, String vmi) {
            PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .withUid("pod-uid-" + i).withResourceVersion("1").withCreationTimestamp("2026-11-01T10:00:00Z")
                    .addToLabels("app", name.replaceAll("-\\d+.*", "")).addToLabels("pod-template-hash", "7d9f8c6b5")
                    .endMetadata()
                    .withNewSpec().withNodeName(node(i % NODES)).withRuntimeClassName(runtimeClass)
                    .withContainers(new ContainerBuilder().withName("app").withImage("registry.example/app:1.2.3")
                            .withNewResources().addToRequests("cpu", new Quantity("100m"))
                            .addToRequests("memory", new Quantity("128Mi")).endResources().build())
                    .endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("10.1." + (i / 250 % 250) + "." + (i % 250))
                    .withQosClass("Burstable").withStartTime("2026-11-01T10:00:01Z")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(true)
                            .withRestartCount(0).withImage("registry.example/app:1.2.3").withImageID("sha256:abc")
                            .withNewState().withNewRunning().withStartedAt("2026-11-01T10:00:02Z").endRunning().endState()
                            .build())
                    .endStatus();
            if (vmi != null) {
                b.editMetadata().addToLabels("kubevirt.io", "virt-launcher").addToLabels("kubevirt.io/created-by", "vmi-uid")
                        .addNewOwnerReference().withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance")
                        .withName(vmi).withUid("vmi-uid").withController(true).endOwnerReference().endMetadata();
            }
            return b.build();
        }

        /** Lists as pre-serialized expectations (fast to set up); watches fall through to the CRUD mock. */
        void serve(KubernetesMockServer server) {
            PodList podList = new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata().withItems(pods).build();
            String podJson = Serialization.asJson(podList);
            NodeList nodeList = new NodeListBuilder().withNewMetadata().withResourceVersion("1").endMetadata().withItems(nodes).build();
            RuntimeClassList rcList = new RuntimeClassListBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder().withResourceVersion("1").build())
                    .withItems(runtimeClasses).build();
            server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(200, podJson).always();
            server.expect().get().withPath("/api/v1/nodes?resourceVersion=0").andReturn(200, Serialization.asJson(nodeList)).always();
            server.expect().get().withPath("/apis/node.k8s.io/v1/runtimeclasses?resourceVersion=0")
                    .andReturn(200, Serialization.asJson(rcList)).always();
            server.expect().get().withPath("/apis/kubevirt.io/v1/virtualmachines?limit=500")
                    .andReturn(200, genericList("VirtualMachineList", vms)).always();
            server.expect().get().withPath("/apis/kubevirt.io/v1/virtualmachineinstances?limit=500")
                    .andReturn(200, genericList("VirtualMachineInstanceList", vmis)).always();
            server.expect().get().withPath("/apis/kubevirt.io/v1/virtualmachineinstancemigrations?limit=500")
                    .andReturn(200, genericList("VirtualMachineInstanceMigrationList", List.of())).always();
            // discovery for kubectl
            expectDiscovery(server, "/version", 200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.2\","
                    + "\"platform\":\"linux/amd64\"}");
            expectDiscovery(server, "/api", 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
                    + "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}");
            expectDiscovery(server, "/apis", 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
            expectDiscovery(server, "/api/v1", 200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\","
                    + "\"resources\":[{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                    + "\"verbs\":[\"get\",\"list\",\"watch\"],\"shortNames\":[\"po\"]}]}");
            server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(200, podJson).always();
        }

        /** kubectl adds {@code ?timeout=32s} to discovery calls; expectations match the query exactly. */
        static void expectDiscovery(KubernetesMockServer server, String path, int code, String body) {
            server.expect().get().withPath(path).andReturn(code, body).always();
            server.expect().get().withPath(path + "?timeout=32s").andReturn(code, body).always();
        }

        static String genericList(String kind, List<GenericKubernetesResource> items) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "kubevirt.io/v1");
            list.put("kind", kind);
            list.put("metadata", Map.of("resourceVersion", "1"));
            list.put("items", items);
            return Serialization.asJson(list);
        }
    }
}
