package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The lab's Kubernetes API: fabric8's {@link KubernetesMockServer} in CRUD mode on
 * {@code 127.0.0.1} and a free port, plain HTTP, behind the {@link LabDispatcher}; seeded with
 * the hybrid cluster of {@link ClusterFixtures}.
 */
final class LabCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final LabWebServer web;
    private final ClusterStore store;
    private final KubeVirtSimulator kubevirt;
    private final ScheduledExecutorService timer;
    private NamespacedKubernetesClient client;

    private LabCluster(KubernetesMockServer server, LabWebServer web, ClusterStore store, KubeVirtSimulator kubevirt,
                       ScheduledExecutorService timer) {
        this.server = server;
        this.web = web;
        this.store = store;
        this.kubevirt = kubevirt;
        this.timer = timer;
    }

    /** Starts the API server and seeds it; {@code step} is the delay of each simulated KubeVirt transition. */
    static LabCluster start(Duration step, Clock clock) {
        ApiResources api = new ApiResources();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
        ClusterStore store = new ClusterStore(crud, api);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-lab-kubevirt");
            t.setDaemon(true);
            return t;
        });
        KubeVirtSimulator kubevirt = new KubeVirtSimulator(new Simulation(store, timer, clock, step));
        LabDispatcher dispatcher = new LabDispatcher(crud, store, api, kubevirt, clock);
        LabWebServer web = new LabWebServer();
        web.logs(new LabPodLogs((ns, name) -> store.get(store.type("v1", "Pod"), ns, name)
                .map(g -> Serialization.jsonMapper().convertValue(g, io.fabric8.kubernetes.api.model.Pod.class))
                .orElse(null), clock));
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web,
                new HashMap<>(), dispatcher, false,
                new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.4-wharf-lab").build());
        LabCluster cluster = new LabCluster(server, web, store, kubevirt, timer);
        // parse the fixtures (the first use of fabric8's serialization is slow) while Vert.x starts
        CompletableFuture<List<GenericKubernetesResource>> fixtures =
                CompletableFuture.supplyAsync(() -> ClusterFixtures.load(clock.instant()));
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
            for (GenericKubernetesResource item : fixtures.join()) {
                store.create(item);
            }
            kubevirt.resume();
            dispatcher.serverAddress("127.0.0.1:" + web.getPort());
            return cluster;
        } catch (UnknownHostException | RuntimeException e) {
            fixtures.cancel(true);
            cluster.close();
            throw new IllegalStateException("the lab's Kubernetes API did not start: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + web.getPort();
    }

    int port() {
        return web.getPort();
    }

    ClusterStore store() {
        return store;
    }

    /** The mock server's own client (for tests and tools in this module). */
    synchronized NamespacedKubernetesClient client() {
        if (client == null) {
            client = server.createClient();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        kubevirt.close();
        timer.shutdownNow();
        if (client != null) {
            client.close();
            client = null;
        }
        try {
            server.destroy();
        } catch (RuntimeException e) {
            web.shutdown();
        }
    }
}
