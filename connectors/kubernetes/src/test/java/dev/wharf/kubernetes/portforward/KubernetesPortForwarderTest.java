package dev.wharf.kubernetes.portforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.kubernetes.MockCluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Port-forwards to a pod of fabric8's CRUD mock: the mock upgrades {@code pods/portforward} to a
 * websocket speaking {@code v4.channel.k8s.io} and relays each stream to a real TCP echo server
 * in this test, as a kubelet relays to the pod's port.
 */
class KubernetesPortForwarderTest {
    static final String SOURCE = "k8s:mock";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Inventory inventory;
    private KubernetesConnection connection;
    private ServerSocket echo;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<RecordedRequest> forwardRequests = new CopyOnWriteArrayList<>();
    private final List<WebSocket> serverSides = new CopyOnWriteArrayList<>();
    private volatile boolean podGoneOnServer;
    private final List<Forward> forwards = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        echo = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptEcho);
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations) {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        if (request.getPath().contains("/portforward")) {
                            forwardRequests.add(request);
                            if (podGoneOnServer) {
                                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\","
                                        + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
                            }
                            return new MockResponse().withWebSocketUpgrade(new KubeletRelay());
                        }
                        return super.dispatch(request);
                    }
                }, false);
        for (String kind : List.of("VirtualMachine", "VirtualMachineInstance", "VirtualMachineInstanceMigration")) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup("kubevirt.io").withVersion("v1").withPlural(kind.toLowerCase() + "s")
                    .withKind(kind).withScope("Namespaced").build());
        }
        MockCluster.serveDiscovery(server);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = MockCluster.clientFor(server);
        client.pods().inNamespace("lab").resource(pod("web")).create();
        inventory = new Inventory(Runnable::run);
        connection = new KubernetesConnection("mock", client, inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void tearDown() throws Exception {
        forwards.forEach(Forward::stop);
        connection.close();
        client.close();
        MockCluster.stop(server);
        echo.close();
        threads.shutdownNow();
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("lab").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app:1")
                .addNewPort().withContainerPort(7).withName("echo").endPort()
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    private Item web() {
        return inventory.get(Item.idOf(SOURCE, Kind.POD, "lab", "web")).orElseThrow();
    }

    private PortForwarder forwarder() {
        return connection.capability(PortForwarder.class).orElseThrow();
    }

    private Forward forward(PortForwarder forwarder, Item item, int port) throws Exception {
        Forward f = forwarder.forward(item, port, "127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        forwards.add(f);
        return f;
    }

    @Test
    void suggestsTheDeclaredPorts() {
        assertThat(forwarder().ports(web())).extracting(PortForwarder.Port::number, PortForwarder.Port::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7, "echo"),
                        org.assertj.core.groups.Tuple.tuple(8080, "http"));
        assertThat(forwarder().ports(web()).get(1).looksLikeHttp()).isTrue();
    }

    @Test
    void bytesGoBothWaysThroughTheMocksWebsocket() throws Exception {
        Forward f = forward(forwarder(), web(), 7);

        byte[][] sentAndBack = echo(f.localPort(), 100_000, 1);

        assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
        assertThat(f.bytesOut()).isEqualTo(100_000);
        assertThat(f.bytesIn()).isEqualTo(100_000);
        RecordedRequest r = forwardRequests.get(0);
        assertThat(r.getPath()).isEqualTo("/api/v1/namespaces/lab/pods/web/portforward?ports=7");
        assertThat(r.getHeader("Sec-WebSocket-Protocol")).contains("v4.channel.k8s.io");
        assertThat(f.status()).isEqualTo(Forward.Status.active());
    }

    @Test
    void tenConcurrentConnectionsShareOneForward() throws Exception {
        Forward f = forward(forwarder(), web(), 7);
        List<Future<byte[][]>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int seed = i;
            results.add(threads.submit(() -> echo(f.localPort(), 150_000, seed)));
        }
        for (Future<byte[][]> r : results) {
            byte[][] sentAndBack = r.get(60, TimeUnit.SECONDS);
            assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
        }
        assertThat(forwardRequests).as("one websocket per connection").hasSize(10);
        assertThat(f.totalConnections()).isEqualTo(10);
        assertThat(f.bytesOut()).isEqualTo(1_500_000L);
        assertThat(f.bytesIn()).isEqualTo(1_500_000L);
        eventually(() -> f.openConnections() == 0, "all closed");
    }

    @Test
    void aDroppedWebsocketIsReconnected() throws Exception {
        Forward f = forward(forwarder(), web(), 7);
        List<Forward.State> seen = new CopyOnWriteArrayList<>();
        f.onStatus(s -> seen.add(s.state()));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            eventually(() -> serverSides.size() == 1, "the server's side open");

            serverSides.get(0).close(1011, "kubelet restarted");

            assertThat(s.getInputStream().read()).as("the broken connection ends").isEqualTo(-1);
        }
        eventually(() -> seen.contains(Forward.State.RECONNECTING), "reconnecting shown");
        eventually(() -> f.status().state() == Forward.State.ACTIVE, "active again");
        assertThat(seen).containsSubsequence(Forward.State.ACTIVE, Forward.State.RECONNECTING, Forward.State.ACTIVE);
        assertThat(forwardRequests.size()).as("a fresh stream was opened to check").isGreaterThanOrEqualTo(2);

        byte[][] sentAndBack = echo(f.localPort(), 10_000, 5);
        assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
    }

    @Test
    void aCutNetworkConnectionIsNoticedAndReconnected() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(server.getPort());
             KubernetesClient viaProxy = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                     new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                             .withMasterUrl("http://127.0.0.1:" + proxy.port() + "/").build()).build()) {
            Forward f = forward(new KubernetesPortForwarder(viaProxy, k -> null, k -> null, null), web(), 7);
            List<Forward.State> seen = new CopyOnWriteArrayList<>();
            f.onStatus(s -> seen.add(s.state()));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
                s.setSoTimeout(15_000);
                s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");

                proxy.cutAll();

                assertThat(s.getInputStream().read()).as("the cut connection ends").isEqualTo(-1);
            }
            eventually(() -> seen.contains(Forward.State.RECONNECTING), "reconnecting shown");
            eventually(() -> f.status().state() == Forward.State.ACTIVE, "active again");
            byte[][] sentAndBack = echo(f.localPort(), 10_000, 6);
            assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
        }
    }

    @Test
    void aDeletedPodIsSaidToBeGoneAndItsPortReleased() throws Exception {
        Forward f = forward(forwarder(), web(), 7);
        assertThat(echo(f.localPort(), 10, 2)[1]).hasSize(10);

        client.pods().inNamespace("lab").withName("web").delete();

        eventually(() -> f.status().state() == Forward.State.TARGET_GONE, "target gone");
        assertThat(f.status().message()).isEqualTo("pod lab/web is gone: it was deleted. Forward to its replacement.");
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), f.localPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aPodFoundGoneWhenAConnectionOpensEndsTheForward() throws Exception {
        // no inventory to hear the deletion from: the 404 of the next stream and a GET tell
        PortForwarder bare = new KubernetesPortForwarder(client, k -> null, k -> null, null);
        Forward f = forward(bare, web(), 7);
        client.pods().inNamespace("lab").withName("web").delete();
        podGoneOnServer = true;

        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }

        eventually(() -> f.status().state() == Forward.State.TARGET_GONE, "target gone");
        assertThat(f.status().message()).contains("pod lab/web is gone");
    }

    @Test
    void aTakenLocalPortIsRefusedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> forwarder().forward(web(), 7, "127.0.0.1", taken.getLocalPort()).join())
                    .hasRootCauseInstanceOf(java.net.BindException.class)
                    .hasMessageContaining("Pick another local port, or 0 for a free one");
        }
    }

    // ------------------------------------------------------------------ the kubelet's side

    /** One portforward stream: port prefixes on channels 0 and 1, then data on 0 relayed to the echo server. */
    private final class KubeletRelay extends WebSocketListener {
        private final CompletableFuture<Socket> socket = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket ws, Response response) {
            serverSides.add(ws);
            ws.send(new byte[] {0, 7, 0});
            ws.send(new byte[] {1, 7, 0});
            threads.execute(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), echo.getLocalPort())) {
                    socket.complete(s);
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        byte[] frame = new byte[n + 1];
                        System.arraycopy(buf, 0, frame, 1, n);
                        ws.send(frame);
                    }
                } catch (IOException e) {
                    socket.completeExceptionally(e);
                }
            });
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.toByteArray());
        }

        @Override
        public synchronized void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length > 1 && bytes[0] == 0) {
                try {
                    socket.join().getOutputStream().write(Arrays.copyOfRange(bytes, 1, bytes.length));
                } catch (IOException e) {
                    ws.close(1011, e.getMessage());
                }
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            socket.thenAccept(KubernetesPortForwarderTest::closeQuietly);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            socket.thenAccept(KubernetesPortForwarderTest::closeQuietly);
        }
    }

    private void acceptEcho() {
        while (!echo.isClosed()) {
            try {
                Socket c = echo.accept();
                threads.execute(() -> {
                    try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the connection ended
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    /** Sends {@code n} random bytes through the forward and reads as many back. */
    static byte[][] echo(int port, int n, long seed) throws IOException {
        byte[] sent = new byte[n];
        new Random(seed).nextBytes(sent);
        byte[] back = new byte[n];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(sent);
                } catch (IOException e) {
                    // the read fails then
                }
            });
            writer.start();
            new DataInputStream(s.getInputStream()).readFully(back);
        }
        return new byte[][] {sent, back};
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
