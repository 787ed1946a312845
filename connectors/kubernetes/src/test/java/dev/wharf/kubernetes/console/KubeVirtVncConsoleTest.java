package dev.wharf.kubernetes.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.ConsoleBusyException;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Answer;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Frame;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Request;
import dev.wharf.kubernetes.console.TinyWebSocketServer.Session;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The VMI {@code vnc} subresource, against a websocket server that answers as virt-api does
 * (the fabric8 mock accepts only the channel.k8s.io subprotocols).
 */
class KubeVirtVncConsoleTest {
    static final String VNC = "/apis/subresources.kubevirt.io/v1/namespaces/lab/virtualmachineinstances/db/vnc";
    static final String VMI = "/apis/kubevirt.io/v1/namespaces/lab/virtualmachineinstances/db";
    static final Item VM = Item.builder("k|vm/lab/db", "k", Kind.VM, "db").namespace("lab")
            .consoles(List.of(ConsoleType.SERIAL, ConsoleType.VNC)).build();
    static final ConsoleSettings FAST = new ConsoleSettings(Duration.ofSeconds(30), Duration.ofMillis(50), 3,
            Duration.ofSeconds(5));

    private TinyWebSocketServer server;
    private KubernetesClient client;
    private ConsoleStream stream;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private void serve(Function<Request, Answer> answers) throws Exception {
        server = new TinyWebSocketServer(r -> {
            asked.add(r.path());
            return answers.apply(r);
        });
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    private ConsoleStream open(boolean force) throws Exception {
        stream = KubernetesConsoles.open(client, VM, ConsoleRequest.of(ConsoleType.VNC).withForce(force), FAST)
                .get(10, TimeUnit.SECONDS);
        return stream;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rfbBytesFlowBothWaysAsBinaryMessagesAndTheFirstAskPreservesAnotherViewersSession() throws Exception {
        serve(r -> r.path().startsWith(VNC) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404, "{}"));
        ConsoleStream console = open(false);
        Session session = server.awaitSession();
        assertThat(session.request.path()).isEqualTo(VNC + "?preserveSession=true");
        assertThat(session.request.header("sec-websocket-protocol")).isEqualTo("plain.kubevirt.io");
        assertThat(console.description()).isEqualTo("graphical console (VNC) of VM lab/db");

        RecordingListener listener = new RecordingListener();
        console.start(listener);
        // the server's version string in two messages: message boundaries are not RFB's
        session.sendBinary("RFB 003".getBytes(StandardCharsets.US_ASCII));
        session.sendBinary(".008\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(listener.awaitText("008\n")).isEqualTo("RFB 003.008\n");

        console.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        Frame version = session.next();
        assertThat(version.opcode()).as("binary frame").isEqualTo(2);
        assertThat(version.text()).isEqualTo("RFB 003.008\n");
        byte[] keyEvent = {(byte) 255, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 0x1e}; // QEMU extended key: 'a' down
        console.write(keyEvent);
        assertThat(session.next().payload()).isEqualTo(keyEvent);
    }

    @Test
    void anActiveViewerMeansBusyAndTakingOverAsksWithoutPreserveSession() throws Exception {
        // virt-handler answers 503 "Active VNC connection"; newer virt-api relays it as 500
        serve(r -> r.path().equals(VNC + "?preserveSession=true") ? Answer.http(500,
                "{\"kind\":\"Status\",\"code\":500,\"message\":\"Active VNC connection\"}")
                : r.path().equals(VNC) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404, "{}"));
        assertThatThrownBy(() -> open(false))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ConsoleBusyException.class)
                .hasMessageContaining("Someone else is connected").hasMessageContaining("lab/db")
                .hasMessageContaining("Take over");
        assertThat(asked).containsExactly(VNC + "?preserveSession=true");

        open(true);
        assertThat(server.awaitSession().request.path()).as("take over: without preserveSession").isEqualTo(VNC);
        assertThat(asked).containsExactly(VNC + "?preserveSession=true", VNC);
    }

    @Test
    void takenOverWhileTheVmiRunsSaysSoAndDoesNotReconnectByItself() throws Exception {
        serve(r -> r.path().startsWith(VNC) ? Answer.upgrade("plain.kubevirt.io")
                : r.path().equals(VMI) ? Answer.http(200, "{\"apiVersion\":\"kubevirt.io/v1\","
                + "\"kind\":\"VirtualMachineInstance\",\"metadata\":{\"name\":\"db\",\"namespace\":\"lab\"},"
                + "\"status\":{\"phase\":\"Running\"}}") : Answer.http(404, "{}"));
        ConsoleStream console = open(false);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        server.awaitSession().drop();
        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
        assertThat(end.reconnectable()).isFalse();
        assertThat(end.message()).contains("Another viewer took over").contains("lab/db");
    }

    @Test
    void forbiddenSaysWhichPermissionIsMissingAndIsNotBusy() throws Exception {
        serve(r -> Answer.http(403, "{\"kind\":\"Status\",\"code\":403}"));
        assertThatThrownBy(() -> open(false)).cause().isInstanceOf(WharfException.class)
                .isNotInstanceOf(ConsoleBusyException.class)
                .hasMessageContaining("virtualmachineinstances/vnc").hasMessageContaining("namespace lab");
    }

    @Test
    void onlyVmsHaveAGraphicalConsole() throws Exception {
        serve(r -> Answer.http(404, "{}"));
        Item pod = Item.builder("k|pod/lab/web", "k", Kind.POD, "web").namespace("lab").build();
        assertThatThrownBy(() -> KubernetesConsoles.open(client, pod, ConsoleRequest.of(ConsoleType.VNC), FAST)
                .get(5, TimeUnit.SECONDS)).cause().hasMessageContaining("only KubeVirt VMs have a graphical console");
        assertThat(asked).isEmpty();
    }
}
