package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): what a cached pod costs when it looks like a real API server's pod
 * ({@code bench/realistic-pod.json}: managedFields from kube-controller-manager and the kubelet,
 * two containers with env, probes, ports and mounts, a projected service-account volume, a full
 * status; 9.6 KB of JSON). For N such pods served by the mock server as one list, the used heap
 * after GC grows by (a) a bare fabric8 pod informer with its default store, (b) the same informer
 * with Wharf's {@link LeanStore}, (c) a whole {@link KubernetesConnection} (its seven informers with
 * lean stores, and the inventory). Run: see this module's README. Args: pod counts.
 */
public final class CacheHeapBenchmark {

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("java %s, max heap %d MB, load %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Files.readString(Path.of("/proc/loadavg")).trim());
        for (int n : sizes) {
            run(n);
        }
        System.exit(0);
    }

    static void run(int n) throws Exception {
        String template = template();
        KubernetesMockServer server = MockCluster.crudServer();
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            String list = podList(template, n);
            for (String q : List.of("?limit=" + KubernetesInformers.PAGE)) {
                server.expect().get().withPath("/api/v1/pods" + q).andReturn(200, list).always();
            }
            System.out.printf("%n== %,d realistic pods (list %,d MB of JSON) ==%n", n, list.length() >> 20);
            list = null;
            KubernetesClient client = MockCluster.clientFor(server);
            for (int round = 0; round < 3; round++) {
                long a = informerHeap(client, n, false);
                long b = informerHeap(client, n, true);
                long[] c = connectionHeap(client, n);
                System.out.printf("round %d: (a) fabric8 default store %,6d B/pod  (b) LeanStore %,6d B/pod  "
                        + "(c) whole connection + inventory %,6d B/pod (%,d items)  → (c) at %,d pods: %,d MB%n",
                        round + 1, a / n, b / n, c[0] / n, c[1], n, c[0] >> 20);
            }
            client.close();
        } finally {
            server.destroy();
        }
    }

    /** Used heap after GC with a synced pod informer, minus the same once it is stopped and dropped. */
    static long informerHeap(KubernetesClient client, int n, boolean lean) throws Exception {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withLimit(KubernetesInformers.PAGE)
                .runnableInformer(0);
        if (lean) {
            informer.itemStore(new LeanStore<>());
        }
        informer.start().toCompletableFuture().get(300, TimeUnit.SECONDS);
        check(informer, n);
        long with = usedAfterGc();
        informer.stop();
        check(informer, n); // reachable until here
        informer = null;
        return with - usedAfterGc();
    }

    /** The same for a whole connection (its informers and its items in an inventory); {bytes, items}. */
    static long[] connectionHeap(KubernetesClient client, int n) throws Exception {
        Inventory inventory = new Inventory();
        KubernetesConnection c = new KubernetesConnection("bench", client, inventory);
        c.start();
        if (!c.awaitInitialSync(Duration.ofSeconds(300))) {
            throw new IllegalStateException("no sync: " + inventory.source(c.id()));
        }
        inventory.awaitDelivered(Duration.ofSeconds(60));
        int items = inventory.snapshot().items().size();
        long with = usedAfterGc();
        c.close();
        inventory.close();
        c = null;
        inventory = null;
        return new long[] {with - usedAfterGc(), items};
    }

    private static void check(SharedIndexInformer<Pod> informer, int n) {
        if (informer.getStore().list().size() != n) {
            throw new IllegalStateException("cached " + informer.getStore().list().size() + " of " + n);
        }
    }

    static String template() throws IOException {
        try (InputStream in = CacheHeapBenchmark.class.getResourceAsStream("/bench/realistic-pod.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", "");
        }
    }

    /** N copies of the template with their own name, uid, IPs and node. */
    static String podList(String template, int n) {
        return podList(template, 0, n, null);
    }

    /** Pods {@code from} to {@code to} (exclusive) as a list page; {@code next}: its continue token, or null. */
    static String podList(String template, int from, int to, String next) {
        StringBuilder sb = new StringBuilder((to - from) * (template.length() + 64));
        sb.append("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"48213377\""
                + (next == null ? "" : ",\"continue\":\"" + next + "\"") + "},\"items\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(',');
            }
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            sb.append(template
                    .replace("checkout-api-7d9f8c6b5-x7k2p", "checkout-api-7d9f8c6b5-" + i)
                    .replace("6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", String.format("6f1e2d3c-4b5a-4968-8776-%012d", i))
                    .replace("10.244.3.17", ip)
                    .replace("\"shop\"", "\"ns-" + (i % 200) + "\"")
                    .replace("worker-017", String.format("worker-%04d", i % 2000)));
        }
        return sb.append("]}").toString();
    }

    static long usedAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private CacheHeapBenchmark() {
    }
}
