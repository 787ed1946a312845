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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

class KubeVirtSerialConsoleTest {
    static final String CONSOLE = "/apis/subresources.kubevirt.io/v1/namespaces/lab/virtualmachineinstances/db/console";
    static final String VMI = "/apis/kubevirt.io/v1/namespaces/lab/virtualmachineinstances/db";
    static final Item VM = Item.builder("k|vm/lab/db", "k", Kind.VM, "db").namespace("lab").build();
    static final ConsoleSettings FAST = new ConsoleSettings(Duration.ofSeconds(30), Duration.ofMillis(50), 3,
            Duration.ofSeconds(5));

    private TinyWebSocketServer server;
    private KubernetesClient client;
    private ConsoleStream stream;

    private void serve(Function<Request, Answer> answers) throws Exception {
        server = new TinyWebSocketServer(answers);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Answer vmiPhase(String phase) {
        return Answer.http(200, "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstance\","
                + "\"metadata\":{\"name\":\"db\",\"namespace\":\"lab\"},\"status\":{\"phase\":\"" + phase + "\"}}");
    }

    private ConsoleStream open(ConsoleSettings settings) throws Exception {
        stream = KubernetesConsoles.open(client, VM, ConsoleRequest.of(ConsoleType.SERIAL), settings)
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
    void guestBytesFlowBothWaysAsBinaryMessagesWithTheKubeVirtSubprotocol() throws Exception {
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404, "{}"));
        ConsoleStream console = open(FAST);
        Session session = server.awaitSession();
        assertThat(session.request.header("sec-websocket-protocol")).isEqualTo("plain.kubevirt.io");
        assertThat(console.description()).isEqualTo("serial console of VM lab/db");

        // output that arrives before start() is kept, not lost
        session.sendBinary("\r\nWelcome to Buildroot\r\nbuildroot login: ".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(100);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        assertThat(listener.awaitText("login: ")).isEqualTo("\r\nWelcome to Buildroot\r\nbuildroot login: ");

        console.write("root\r".getBytes(StandardCharsets.UTF_8));
        Frame typed = session.next();
        assertThat(typed.opcode()).as("binary frame").isEqualTo(2);
        assertThat(typed.text()).isEqualTo("root\r");

        byte[] binary = {0, 1, 2, (byte) 0xff, 0x1b, '[', 'm'};
        session.sendBinary(binary);
        assertThat(listener.awaitText("[m")).endsWith(new String(binary, StandardCharsets.UTF_8));

        console.close();
        assertThat(listener.awaitEnd().reason()).isEqualTo(ConsoleEnd.Reason.CLOSED);
        Frame close = session.next();
        assertThat(close.opcode()).as("close frame").isEqualTo(8);
        assertThat(listener.ends()).isEqualTo(1);
    }

    @Test
    void manyWritesBackToBackAllArriveInOrder() throws Exception {
        // the JDK websocket refuses a binary send while the previous one is still under way:
        // a resize and a keystroke, or fast typing, must queue instead of failing
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404, "{}"));
        ConsoleStream console = open(FAST);
        console.start(new RecordingListener());
        Session session = server.awaitSession();
        server.pauseReading();
        int count = 2000;
        byte[] big = new byte[1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < count; i++) {
            console.write(i % 100 == 0 ? big : ("key " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        server.resumeReading();
        for (int i = 0; i < count; i++) {
            Frame f = session.next(10_000);
            while (f != null && f.opcode() == 9) {
                f = session.next(10_000); // a keepalive ping may come in between
            }
            assertThat(f).as("message %d", i).isNotNull();
            assertThat(f.opcode()).as("binary frame %d", i).isEqualTo(2);
            if (i % 100 == 0) {
                assertThat(f.payload()).as("message %d", i).isEqualTo(big);
            } else {
                assertThat(f.text()).isEqualTo("key " + i + "\n");
            }
        }
    }

    @Test
    void theHandshakeCarriesTheClientsCredentials() throws Exception {
        server = new TinyWebSocketServer(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io")
                : Answer.http(404, "{}"));
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withOauthToken("sha256~not-a-real-token").withRequestRetryBackoffLimit(0).build()).build();
        open(FAST);
        assertThat(server.awaitSession().request.header("authorization")).isEqualTo("Bearer sha256~not-a-real-token");
    }

    @Test
    void pingsAnIdleSessionSoThatProxiesKeepIt() throws Exception {
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404, "{}"));
        ConsoleStream console = open(new ConsoleSettings(Duration.ofMillis(200), Duration.ofMillis(50), 3,
                Duration.ofSeconds(5)));
        console.start(new RecordingListener());
        Session session = server.awaitSession();

        Frame first = session.next(3000);
        assertThat(first).as("a frame while idle").isNotNull();
        assertThat(first.opcode()).as("ping frame").isEqualTo(9);
        Frame second = session.next(3000);
        assertThat(second.opcode()).as("pings keep coming").isEqualTo(9);
    }

    @Test
    void aDroppedConnectionWhileTheVmiRunsMeansAnotherClientTookTheConsoleOver() throws Exception {
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io")
                : r.path().equals(VMI) ? vmiPhase("Running") : Answer.http(404, "{}"));
        ConsoleStream console = open(FAST);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        server.awaitSession().drop();

        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
        assertThat(end.reconnectable()).isFalse();
        assertThat(end.message()).contains("Another client").contains("lab/db");
    }

    @Test
    void aDroppedConnectionAfterTheVmiWentAwayMeansTheGuestStopped() throws Exception {
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io") : Answer.http(404,
                "{\"kind\":\"Status\",\"code\":404}"));
        ConsoleStream console = open(FAST);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        server.awaitSession().drop();

        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.GUEST_STOPPED);
        assertThat(end.message()).contains("gone");
    }

    @Test
    void aDroppedConnectionWhileTheVmiShutsDownMeansTheGuestStopped() throws Exception {
        serve(r -> r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io")
                : r.path().equals(VMI) ? vmiPhase("Succeeded") : Answer.http(404, "{}"));
        ConsoleStream console = open(FAST);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        server.awaitSession().drop();

        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.GUEST_STOPPED);
        assertThat(end.message()).contains("Succeeded");
        assertThat(end.reconnectable()).isTrue();
    }

    @Test
    void aDroppedConnectionWithTheApiServerGoneIsALostConnection() throws Exception {
        AtomicReference<Boolean> apiUp = new AtomicReference<>(true);
        serve(r -> !apiUp.get() ? Answer.http(503, "{}")
                : r.path().equals(CONSOLE) ? Answer.upgrade("plain.kubevirt.io") : vmiPhase("Running"));
        ConsoleStream console = open(FAST);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        Session session = server.awaitSession();
        apiUp.set(false);
        session.drop();

        ConsoleEnd end = listener.awaitEnd();
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.CONNECTION_LOST);
        assertThat(end.reconnectable()).isTrue();
    }

    @Test
    void asksAgainEverySecondWhileTheVmiIsStillStarting() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        serve(r -> r.path().equals(CONSOLE) && asked.incrementAndGet() <= 2
                ? Answer.http(400, "{\"kind\":\"Status\",\"message\":\"VMI is not running\"}")
                : Answer.upgrade("plain.kubevirt.io"));
        ConsoleStream console = open(FAST);
        RecordingListener listener = new RecordingListener();
        console.start(listener);
        server.awaitSession().sendBinary("ready".getBytes(StandardCharsets.UTF_8));

        assertThat(listener.awaitText("ready")).isEqualTo("ready");
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void givesUpOnAVmiThatDoesNotStartWithAMessageThatSaysWhat() throws Exception {
        serve(r -> Answer.http(400, "{}"));
        assertThatThrownBy(() -> open(FAST))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WharfException.class)
                .hasMessageContaining("not running").hasMessageContaining("Start it");
        assertThat(server.requests).hasSize(FAST.startRetryLimit());
    }

    @Test
    void forbiddenSaysWhichPermissionIsMissing() throws Exception {
        serve(r -> Answer.http(403, "{}"));
        assertThatThrownBy(() -> open(FAST)).cause().isInstanceOf(WharfException.class)
                .hasMessageContaining("not allowed (403)").hasMessageContaining("virtualmachineinstances/console");
    }

    @Test
    void onlyVmsHaveASerialConsole() throws Exception {
        serve(r -> Answer.http(404, "{}"));
        Item pod = Item.builder("k|pod/lab/web", "k", Kind.POD, "web").namespace("lab").build();
        assertThatThrownBy(() -> KubernetesConsoles.open(client, pod, ConsoleRequest.of(ConsoleType.SERIAL)).get())
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("only KubeVirt VMs");
        assertThatThrownBy(() -> KubernetesConsoles.open(client, VM, ConsoleRequest.of(ConsoleType.EXEC)).get())
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("serial console instead");
        assertThat(server.requests).isEmpty();
    }
}
