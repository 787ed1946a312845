package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.Map;
import java.util.Queue;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode, serving KubeVirt's kinds too, and a client for it. */
public final class MockCluster implements AutoCloseable {
    public final KubernetesMockServer server;
    public final KubernetesClient client;

    private MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** A CRUD mock on a free port. */
    public static MockCluster start() {
        return start(0);
    }

    /** A CRUD mock on {@code port} (0: any free port). */
    public static MockCluster start(int port) {
        KubernetesMockServer server = crudServer();
        try {
            server.init(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            throw e;
        }
        return new MockCluster(server, clientFor(server));
    }

    public static KubernetesMockServer crudServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        // CRUD plus expectations (expectations win): what @EnableKubernetesMockClient(crud = true) builds
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        for (var ctx : new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext[] {
                KubeVirt.VMS, KubeVirt.VMIS, KubeVirt.MIGRATIONS}) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(ctx.getGroup()).withVersion(ctx.getVersion()).withPlural(ctx.getPlural())
                    .withKind(ctx.getKind()).withScope("Namespaced").build());
        }
        serveDiscovery(server);
        return server;
    }

    /** What Wharf asks before it lists (a CRUD mock serves no discovery): a Kubernetes version and /api. */
    public static final String VERSION = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\","
            + "\"platform\":\"linux/amd64\"}";
    public static final String API_VERSIONS = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
            + "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}";

    public static void serveDiscovery(KubernetesMockServer server) {
        server.expect().get().withPath("/version").andReturn(200, VERSION).always();
        server.expect().get().withPath("/api").andReturn(200, API_VERSIONS).always();
    }

    /** A client that gives up fast and reconnects fast: tests should not wait for backoffs. */
    public static KubernetesClient clientFor(KubernetesMockServer server) {
        Config base;
        try (NamespacedKubernetesClient c = server.createClient()) {
            base = c.getConfiguration();
        }
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base)
                .withWatchReconnectInterval(100)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000)
                .withRequestTimeout(5_000)
                .build()).build();
    }

    public GenericKubernetesResource createVm(GenericKubernetesResource r) {
        var ctx = switch (r.getKind()) {
            case "VirtualMachine" -> KubeVirt.VMS;
            case "VirtualMachineInstance" -> KubeVirt.VMIS;
            default -> KubeVirt.MIGRATIONS;
        };
        return client.genericKubernetesResources(ctx).inNamespace(r.getMetadata().getNamespace()).resource(r).create();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        client.close();
        stop(server);
    }

    /**
     * Stops a mock server. fabric8's mock sometimes blocks its own event loop when a client closes
     * a watch while it is sending an event (WatchEventsListener.onClosed waits for its executor),
     * and then reports "Unable to close MockWebServer" after 10 s. That is the mock's problem, after
     * the test has passed: note it and go on.
     */
    public static void stop(KubernetesMockServer server) {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            System.err.println("mock server did not stop cleanly: " + e.getMessage());
        }
    }
}
