package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's consoles over websockets, with the JDK's client: a VMI's serial console
 * ({@code plain.kubevirt.io}, raw bytes in binary frames) and a pod's exec shell
 * ({@code v5.channel.k8s.io}/{@code v4.channel.k8s.io}, a channel byte in front of each frame).
 */
class LabConsolesIT {

    static Lab lab;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Collects what arrives, as text; lets a test wait for a string. */
    static final class Collector implements WebSocket.Listener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final boolean channels;
        volatile int firstChannel = -1;

        Collector(boolean channels) {
            this.channels = channels;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            int from = 0;
            if (channels && b.length > 0) {
                if (firstChannel < 0) {
                    firstChannel = b[0];
                }
                from = b[0] == 1 ? 1 : 0; // keep the marker of other channels (3: status)
            }
            synchronized (bytes) {
                bytes.write(b, from, b.length - from);
                bytes.notifyAll();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until {@code expected} arrived {@code times} times in all. */
        String awaitCount(String expected, int times) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (bytes) {
                while (bytes.toString(StandardCharsets.UTF_8).split(java.util.regex.Pattern.quote(expected), -1).length
                        - 1 < times) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError(times + " × \"" + expected + "\" did not arrive in: " + text());
                    }
                    bytes.wait(left);
                }
                return text();
            }
        }

        String await(String expected) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (bytes) {
                while (!bytes.toString(StandardCharsets.UTF_8).contains(expected)) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError("no \"" + expected + "\" in: " + text());
                    }
                    bytes.wait(left);
                }
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    static WebSocket open(String path, String subprotocol, Collector c) {
        return http.newWebSocketBuilder().subprotocols(subprotocol)
                .buildAsync(URI.create(lab.apiUrl().replace("http://", "ws://") + path), c).join();
    }

    static void type(WebSocket ws, String s) {
        ws.sendBinary(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    static void typeOnStdin(WebSocket ws, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[b.length + 1];
        framed[0] = 0;
        System.arraycopy(b, 0, framed, 1, b.length);
        ws.sendBinary(ByteBuffer.wrap(framed), true).join();
    }

    @Test
    void vmiSerialConsoleLogsInAndAnswersCommands() throws Exception {
        Collector c = new Collector(false);
        WebSocket ws = open("/apis/subresources.kubevirt.io/v1/namespaces/analytics/virtualmachineinstances/etl-worker/console",
                "plain.kubevirt.io", c);
        assertThat(ws.getSubprotocol()).isEqualTo("plain.kubevirt.io");
        c.await("etl-worker login: ");
        type(ws, "ops\r");
        assertThat(c.await("etl-worker:~# ")).contains("ops");
        type(ws, "unamX\u007fe -a\r");
        assertThat(c.await("Linux etl-worker 6.1.0-28-cloud-amd64")).contains("\b \b");
        type(ws, "hostname\r");
        c.await("\r\netl-worker\r\n");
        type(ws, "echo hello lab\r");
        c.await("hello lab\r\n");
        type(ws, "help\r");
        c.await("Commands of this simulated shell");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();

        // the serial line keeps its session: a new viewer finds the shell again
        Collector again = new Collector(false);
        WebSocket ws2 = open("/apis/subresources.kubevirt.io/v1/namespaces/analytics/virtualmachineinstances/etl-worker/console",
                "plain.kubevirt.io", again);
        again.await("etl-worker:~# ");
        ws2.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void serialLoginTakesOneWordUserNamesAndTheShellRunsSemicolonSeparatedCommands() throws Exception {
        Collector c = new Collector(false);
        WebSocket ws = open("/apis/subresources.kubevirt.io/v1/namespaces/ci/virtualmachineinstances/runner-vm/console",
                "plain.kubevirt.io", c);
        c.await("runner-vm login: ");
        type(ws, "uname -a\r");
        String asked = c.await("Password: ");
        assertThat(asked).as("a command is not a user name").doesNotContain("runner-vm:~# ");
        type(ws, "secret\r");
        String refused = c.await("Login incorrect\r\nrunner-vm login: ");
        assertThat(refused).as("the password is not echoed").doesNotContain("secret");
        type(ws, "nobody\r");
        c.await("nobody\r\nPassword: ");
        type(ws, "\r");
        c.awaitCount("Login incorrect", 2);
        type(ws, "root\r");
        c.await("runner-vm:~# ");
        type(ws, "hostname; uname -r\r");
        c.awaitCount("runner-vm:~# ", 2);
        assertThat(c.text()).as("two commands, two answers")
                .containsPattern("hostname; uname -r\r\nrunner-vm\r\n[0-9][^\r\n ]*\r\nrunner-vm:~# ")
                .doesNotContain("not found");
        type(ws, "false && echo never; echo after\r");
        assertThat(c.await("after\r\n")).doesNotContain("\r\nnever\r\n");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void consoleOfAVmiThatIsNotRunningAnswers400() {
        assertThatThrownBy(() -> open(
                "/apis/subresources.kubevirt.io/v1/namespaces/ci/virtualmachineinstances/build-vm-huge/console",
                "plain.kubevirt.io", new Collector(false)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void podExecGivesAShellWithChannelFraming() throws Exception {
        Collector c = new Collector(true);
        WebSocket ws = open("/api/v1/namespaces/default/pods/debug-shell/exec?command=sh&stdin=true&stdout=true"
                + "&stderr=true&tty=true", "v5.channel.k8s.io", c);
        assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
        c.await("debug-shell:/# ");
        assertThat(c.firstChannel).as("stdout is channel 1").isEqualTo(1);
        typeOnStdin(ws, "hostname\r");
        c.await("\r\ndebug-shell\r\n");
        typeOnStdin(ws, "exit\r");
        String all = c.await("{\"metadata\":{},\"status\":\"Success\"}");
        assertThat(all).contains("\u0003{");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void podExecWithV4AndACommandReportsTheExitCode() throws Exception {
        Collector c = new Collector(true);
        WebSocket ws = open("/api/v1/namespaces/shop/pods/postgres-0/exec?command=no-such-tool&stdout=true&stderr=true",
                "v4.channel.k8s.io", c);
        assertThat(ws.getSubprotocol()).isEqualTo("v4.channel.k8s.io");
        assertThat(c.await("NonZeroExitCode")).contains("no-such-tool: not found", "\"message\":\"127\"");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }
}
