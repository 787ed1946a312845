package dev.wharf.kubernetes.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Answer;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Frame;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Session;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An API server of Kubernetes 1.30+ agrees to v5; one before refuses it in the handshake (403). */
class PodExecConsoleV5Test {
    static final String POD_JSON = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"lab\","
            + "\"annotations\":{\"kubectl.kubernetes.io/default-container\":\"sidecar\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"app\"},{\"name\":\"sidecar\"}]},\"status\":{\"phase\":\"Running\"}}";
    static final Item POD = Item.builder("k|pod/lab/web", "k", Kind.POD, "web").namespace("lab").build();
    static final ConsoleSettings SETTINGS = new ConsoleSettings(Duration.ofSeconds(30), Duration.ofMillis(50), 3,
            Duration.ofSeconds(5));

    private static KubernetesClient clientFor(TinyWebSocketServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @Test
    void speaksV5WhereTheServerAgreesAndClosesStdinOnClose() throws Exception {
        try (TinyWebSocketServer server = new TinyWebSocketServer(r -> r.path().contains("/exec?")
                ? Answer.upgrade(r.header("sec-websocket-protocol")) : Answer.http(200, POD_JSON));
             KubernetesClient client = clientFor(server)) {
            ConsoleStream stream = KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS)
                    .get(10, TimeUnit.SECONDS);
            Session session = server.awaitSession();
            assertThat(session.request.header("sec-websocket-protocol")).isEqualTo(PodExecConsole.V5);
            assertThat(session.request.path()).as("the default container").contains("container=sidecar");
            assertThat(((PodExecConsole) ((DefaultShell) stream).current()).protocol()).isEqualTo(PodExecConsole.V5);
            RecordingListener listener = new RecordingListener();
            stream.start(listener);
            assertThat(session.next().payload()[0]).as("resize first").isEqualTo((byte) 4);

            stream.close();
            Frame closeStdin = session.next();
            assertThat(closeStdin.payload()).containsExactly(0xff, 0);
            assertThat(session.next().opcode()).isEqualTo(8);
            assertThat(listener.awaitEnd().reason()).isEqualTo(ConsoleEnd.Reason.CLOSED);
        }
    }

    @Test
    void fallsBackToV4WhenTheServerRefusesV5() throws Exception {
        try (TinyWebSocketServer server = new TinyWebSocketServer(r -> !r.path().contains("/exec?")
                ? Answer.http(200, POD_JSON)
                : PodExecConsole.V5.equals(r.header("sec-websocket-protocol")) ? Answer.http(403, "")
                : Answer.upgrade(r.header("sec-websocket-protocol")));
             KubernetesClient client = clientFor(server)) {
            ConsoleStream stream = KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS)
                    .get(10, TimeUnit.SECONDS);
            Session session = server.awaitSession();
            assertThat(session.request.header("sec-websocket-protocol")).isEqualTo(PodExecConsole.V4);
            assertThat(((PodExecConsole) ((DefaultShell) stream).current()).protocol()).isEqualTo(PodExecConsole.V4);
            RecordingListener listener = new RecordingListener();
            stream.start(listener);
            session.sendBinary(ChannelFrames.frame(1, "$ ".getBytes()));
            assertThat(listener.awaitText("$ ")).isEqualTo("$ ");
            session.drop();
            ConsoleEnd end = listener.awaitEnd();
            assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.CONNECTION_LOST);
            assertThat(end.message()).contains("container sidecar of pod lab/web");
        }
    }

    /**
     * The server drops the connection while the console is still handing its last output to a
     * (slow) listener: the JDK websocket then loses the end of stream (no onClose, no onError).
     * The console must still say that the connection is gone.
     */
    @Test
    void aConnectionDroppedWhileOutputIsDeliveredIsReportedLost() throws Exception {
        try (TinyWebSocketServer server = new TinyWebSocketServer(r -> r.path().contains("/exec?")
                ? Answer.upgrade(r.header("sec-websocket-protocol")) : Answer.http(200, POD_JSON));
             KubernetesClient client = clientFor(server)) {
            ConsoleStream stream = KubernetesConsoles.open(client, POD, ConsoleRequest.of(ConsoleType.EXEC), SETTINGS)
                    .get(10, TimeUnit.SECONDS);
            Session session = server.awaitSession();
            RecordingListener recorded = new RecordingListener();
            CountDownLatch dropped = new CountDownLatch(1);
            stream.start(new ConsoleStream.Listener() {
                @Override
                public void onData(byte[] data) {
                    recorded.onData(data);
                    try {
                        dropped.await(5, TimeUnit.SECONDS);   // a UI still busy with the output
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onEnd(ConsoleEnd end) {
                    recorded.onEnd(end);
                }
            });
            session.sendBinary(ChannelFrames.frame(1, "bye\r\n".getBytes()));
            assertThat(recorded.awaitText("bye")).isEqualTo("bye\r\n");
            session.drop();
            Thread.sleep(300);   // the client reads the end of stream while onData still runs
            dropped.countDown();
            ConsoleEnd end = recorded.awaitEnd();
            assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.CONNECTION_LOST);
            assertThat(end.message()).contains("container sidecar of pod lab/web");
            assertThat(recorded.ends()).isEqualTo(1);
        }
    }
}
