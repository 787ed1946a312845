package dev.wharf.kubernetes.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Exec and attach against fabric8's mock server, which (like API servers before 1.30) speaks only v1..v4. */
class PodExecConsoleTest {
    static final ConsoleSettings SETTINGS = new ConsoleSettings(Duration.ofSeconds(30), Duration.ofMillis(50), 3,
            Duration.ofSeconds(5));
    static final Item POD = Item.builder("k|pod/lab/web", "k", Kind.POD, "web").namespace("lab").build();
    static final Item KATA = Item.builder("k|microvm/lab/sandboxed", "k", Kind.MICROVM, "sandboxed").namespace("lab").build();

    private MockWebServer server;
    private Dispatcher dispatcher;
    private KubernetesClient client;
    private ConsoleStream stream;
    private volatile String podPhase = "Running";
    private volatile boolean noBash;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<WebSocket> serverSide = new CompletableFuture<>();

    @BeforeEach
    void setUp() {
        server = new MockWebServer();
        dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                paths.add(path);
                if (noBash && path.contains("command=bash")) {
                    return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket webSocket, io.fabric8.mockwebserver.http.Response response) {
                            webSocket.send(frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"OCI runtime exec "
                                    + "failed: exec failed: unable to start container process: exec: \\\"bash\\\": "
                                    + "executable file not found in $PATH: unknown\",\"reason\":\"InternalError\"}"));
                            webSocket.close(1000, "");
                        }
                    });
                }
                if (path.contains("/exec?") || path.contains("/attach?")) {
                    return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket webSocket, io.fabric8.mockwebserver.http.Response response) {
                            serverSide.complete(webSocket);
                        }

                        @Override
                        public void onMessage(WebSocket webSocket, byte[] bytes) {
                            received.add(bytes);
                        }
                    });
                }
                if (path.matches("/api/v1/namespaces/lab/pods/(web|sandboxed)")) {
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    return new MockResponse().setResponseCode(200).setBody("{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                            + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"lab\"},"
                            + "\"spec\":{\"containers\":[{\"name\":\"app\"},{\"name\":\"sidecar\"}]},"
                            + "\"status\":{\"phase\":\"" + podPhase + "\"}}");
                }
                return new MockResponse().setResponseCode(404).setBody("{}");
            }
        };
        server.setDispatcher(dispatcher);
        server.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/").toString())
                .withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stream != null) {
            stream.close();
        }
        client.close();
        server.shutdown();
    }

    private byte[] next() throws InterruptedException {
        byte[] b = received.poll(5, TimeUnit.SECONDS);
        assertThat(b).as("a message from the client").isNotNull();
        return b;
    }

    private static byte[] frame(int channel, String s) {
        return ChannelFrames.frame(channel, s.getBytes(StandardCharsets.UTF_8));
    }

    private String consoleRequest() {
        return URLDecoder.decode(paths.stream().filter(p -> p.contains("?")).reduce((a, b) -> b).orElseThrow(),
                StandardCharsets.UTF_8);
    }

    @Test
    void aShellSpeaksTheChannelsFollowsTheTerminalSizeAndShowsItsExitStatus() throws Exception {
        stream = KubernetesConsoles.open(client, POD, new ConsoleRequest(ConsoleType.EXEC, false, null, List.of(), 100, 30),
                SETTINGS).get(10, TimeUnit.SECONDS);
        assertThat(consoleRequest()).isEqualTo("/api/v1/namespaces/lab/pods/web/exec?container=app"
                + "&command=bash&stdin=true&stdout=true&stderr=true&tty=true");
        assertThat(((PodExecConsole) ((DefaultShell) stream).current()).protocol()).as("the mock refuses v5")
                .isEqualTo(PodExecConsole.V4);
        assertThat(stream.description()).isEqualTo("shell in container app of pod lab/web");
        assertThat(next()).as("the initial size").isEqualTo(frame(4, "{\"Width\":100,\"Height\":30}"));

        RecordingListener listener = new RecordingListener();
        stream.start(listener);
        WebSocket ws = serverSide.get(5, TimeUnit.SECONDS);
        ws.send(frame(1, "bash-5.2# "));
        ws.send(frame(2, "warning\r\n"));
        assertThat(listener.awaitText("warning")).isEqualTo("bash-5.2# warning\r\n");

        stream.write("ls\r".getBytes(StandardCharsets.UTF_8));
        assertThat(next()).isEqualTo(frame(0, "ls\r"));
        stream.resize(132, 43);
        assertThat(next()).isEqualTo(frame(4, "{\"Width\":132,\"Height\":43}"));

        ws.send(frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code\","
                + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}"));
        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.EXITED);
        assertThat(end.exitCode()).isEqualTo(3);
        assertThat(end.message()).isEqualTo("the shell exited with status 3.");
        assertThat(end.reconnectable()).isFalse();
    }

    @Test
    void withoutBashTheDefaultShellIsSh() throws Exception {
        noBash = true;
        stream = KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS).get(10, TimeUnit.SECONDS);
        RecordingListener listener = new RecordingListener();
        stream.start(listener);
        WebSocket sh = serverSide.get(5, TimeUnit.SECONDS);
        assertThat(consoleRequest()).contains("command=sh&stdin=true");
        assertThat(paths.stream().filter(p -> p.contains("/exec?")).map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)))
                .hasSize(2).first().asString().contains("command=bash&");
        sh.send(frame(1, "/ # "));
        assertThat(listener.awaitText("/ # ")).isEqualTo("/ # ");
        assertThat(listener.end).as("the failed bash is no end").isNotDone();
        stream.write("ls\r".getBytes(StandardCharsets.UTF_8));
        byte[] typed;
        do {
            typed = next();
        } while (typed[0] != 0);
        assertThat(typed).isEqualTo(frame(0, "ls\r"));

        // a shell that ends after the user typed is a real end
        sh.send(frame(3, "{\"metadata\":{},\"status\":\"Success\"}"));
        assertThat(listener.awaitEnd().exitCode()).isZero();
    }

    @Test
    void worksOverTlsWithTheClientsTrustSettings() throws Exception {
        client.close();
        server.shutdown();
        server = new MockWebServer();
        server.useHttps();
        server.setDispatcher(dispatcher);
        server.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/").toString()).withTrustCerts(true).withRequestRetryBackoffLimit(0).build())
                .build();
        assertThat(client.getMasterUrl().getProtocol()).isEqualTo("https");
        stream = KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS).get(10, TimeUnit.SECONDS);
        RecordingListener listener = new RecordingListener();
        stream.start(listener);
        serverSide.get(5, TimeUnit.SECONDS).send(frame(1, "secure$ "));
        assertThat(listener.awaitText("secure$ ")).isEqualTo("secure$ ");
    }

    @Test
    void aCleanExitIsStatusZero() throws Exception {
        stream = KubernetesConsoles.open(client, KATA, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS).get(10, TimeUnit.SECONDS);
        RecordingListener listener = new RecordingListener();
        stream.start(listener);
        serverSide.get(5, TimeUnit.SECONDS).send(frame(3, "{\"metadata\":{},\"status\":\"Success\"}"));
        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.exitCode()).isZero();
        assertThat(end.message()).contains("status 0");
    }

    @Test
    void aCommandThatCannotRunSaysWhy() throws Exception {
        stream = KubernetesConsoles.open(client, POD, new ConsoleRequest(ConsoleType.EXEC, false, "sidecar",
                List.of("zsh"), 80, 24), SETTINGS).get(10, TimeUnit.SECONDS);
        assertThat(consoleRequest()).contains("container=sidecar&command=zsh&stdin=true");
        RecordingListener listener = new RecordingListener();
        stream.start(listener);
        serverSide.get(5, TimeUnit.SECONDS).send(frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"exec: \\\"zsh\\\": executable file not found in $PATH\",\"reason\":\"InternalError\"}"));
        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.EXITED);
        assertThat(end.exitCode()).isNull();
        assertThat(end.message()).contains("could not run").contains("executable file not found");
    }

    @Test
    void attachUsesTheAttachSubresourceWithoutACommand() throws Exception {
        stream = KubernetesConsoles.open(client, POD, new ConsoleRequest(ConsoleType.ATTACH, false, "sidecar",
                List.of("ignored"), 80, 24), SETTINGS).get(10, TimeUnit.SECONDS);
        assertThat(consoleRequest()).isEqualTo(
                "/api/v1/namespaces/lab/pods/web/attach?container=sidecar&stdin=true&stdout=true&stderr=true&tty=true");
        assertThat(stream.description()).startsWith("attached to container sidecar");
    }

    @Test
    void anUnknownContainerOrAPodThatDoesNotRunIsRefusedWithAReason() {
        assertThatThrownBy(() -> KubernetesConsoles.open(client, POD, new ConsoleRequest(ConsoleType.EXEC, false, "db",
                List.of(), 80, 24), SETTINGS).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("no container db")
                .hasMessageContaining("[app, sidecar]");
        podPhase = "Pending";
        assertThatThrownBy(() -> KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS)
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("is Pending");
        Item gone = Item.builder("k|pod/lab/gone", "k", Kind.POD, "gone").namespace("lab").build();
        assertThatThrownBy(() -> KubernetesConsoles.open(client, gone, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS)
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("no longer exists");
    }
}
