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
 * The lab's VMI {@code vnc} subresource (its synthetic display), spoken to by hand with the JDK's
 * websocket: the RFB handshake, a full Raw frame in messages of at most 10 KiB, typed keys that
 * change the screen, one viewer at a time (preserveSession refused, take-over without it).
 */
class LabVncIT {
    static final String VNC = "/apis/subresources.kubevirt.io/v1/namespaces/analytics/virtualmachineinstances/etl-worker/vnc";
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

    /** The bytes received, read in order as RFB messages. */
    static final class Rfb implements WebSocket.Listener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile int largestMessage;
        int read;
        WebSocket ws;

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            largestMessage = Math.max(largestMessage, data.remaining());
            synchronized (bytes) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                bytes.write(b, 0, b.length);
                bytes.notifyAll();
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        byte[] take(int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (bytes) {
                while (bytes.size() - read < n) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError("waited for " + n + " bytes, have " + (bytes.size() - read));
                    }
                    bytes.wait(left);
                }
                byte[] all = bytes.toByteArray();
                byte[] out = new byte[n];
                System.arraycopy(all, read, out, 0, n);
                read += n;
                return out;
            }
        }

        void send(byte[] b) {
            ws.sendBinary(ByteBuffer.wrap(b), true).join();
        }

        void send(int... b) {
            byte[] bytes = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                bytes[i] = (byte) b[i];
            }
            send(bytes);
        }

        /** Reads one FramebufferUpdate of Raw 32 bpp rectangles; returns the pixels of the last one. */
        int[] update(int[] pointerType) throws InterruptedException {
            ByteBuffer head = ByteBuffer.wrap(take(4));
            assertThat(head.get()).as("FramebufferUpdate").isEqualTo((byte) 0);
            head.get();
            int rects = head.getShort() & 0xffff;
            int[] pixels = null;
            for (int i = 0; i < rects; i++) {
                ByteBuffer r = ByteBuffer.wrap(take(12));
                int x = r.getShort() & 0xffff;
                r.getShort();
                int w = r.getShort() & 0xffff;
                int h = r.getShort() & 0xffff;
                int enc = r.getInt();
                if (enc == -257) {
                    pointerType[0] = x;
                } else if (enc == 0) {
                    ByteBuffer px = ByteBuffer.wrap(take(w * h * 4)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    pixels = new int[w * h];
                    for (int p = 0; p < pixels.length; p++) {
                        pixels[p] = px.getInt() & 0xFFFFFF;
                    }
                }
            }
            return pixels;
        }
    }

    static Rfb connect(boolean preserveSession) {
        Rfb rfb = new Rfb();
        rfb.ws = http.newWebSocketBuilder().subprotocols("plain.kubevirt.io")
                .buildAsync(URI.create(lab.apiUrl().replace("http://", "ws://") + VNC
                        + (preserveSession ? "?preserveSession=true" : "")), rfb).join();
        return rfb;
    }

    static String handshake(Rfb rfb) throws InterruptedException {
        assertThat(new String(rfb.take(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        rfb.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(rfb.take(2)).as("one security type: None").containsExactly((byte) 1, (byte) 1);
        rfb.send(1);
        assertThat(rfb.take(4)).as("SecurityResult OK").containsExactly(new byte[4]);
        rfb.send(1);
        ByteBuffer init = ByteBuffer.wrap(rfb.take(24));
        assertThat(init.getShort()).as("width").isEqualTo((short) 720);
        assertThat(init.getShort()).as("height").isEqualTo((short) 400);
        init.position(20);
        return new String(rfb.take(init.getInt()), StandardCharsets.UTF_8);
    }

    @Test
    void aViewerGetsTheScreenTypesIntoItAndATakeOverClosesIt() throws Exception {
        Rfb first = connect(true);
        assertThat(handshake(first)).isEqualTo("Wharf lab: VM analytics/etl-worker");
        // SetEncodings Raw, QEMU Extended Key Event, QEMU Pointer Type Change; then a full update
        first.send(2, 0, 0, 3, 0, 0, 0, 0, 0xff, 0xff, 0xfe, 0xfe,
                0xff, 0xff, 0xfe, 0xff);
        first.send(3, 0, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90);
        int[] pointer = {-1};
        int[] screen = first.update(pointer);
        assertThat(screen).hasSize(720 * 400);
        assertThat(java.util.Arrays.stream(screen).filter(p -> p != 0).count()).as("text drawn").isGreaterThan(1000);
        assertThat(pointer[0]).as("a relative mouse, as an amd64 VMI without a tablet").isEqualTo(0);
        assertThat(first.largestMessage).as("virt-handler's message size").isLessThanOrEqualTo(10 * 1024);

        // 'x' as a QEMU extended key event (keysym 0x78, scancode 0x2d), then an incremental request
        first.send(255, 0, 0, 1, 0, 0, 0, 0x78, 0, 0, 0, 0x2d);
        first.send(3, 1, 0, 0, 0, 0, 0x02, 0xd0, 0x01, 0x90);
        int[] typed = first.update(pointer);
        assertThat(typed).as("the echo changed the screen").isNotEqualTo(screen);

        // a second viewer asking to preserve the session is refused, as virt-api does
        assertThatThrownBy(() -> connect(true)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(500));

        // without preserveSession it takes over: the first viewer is closed
        Rfb second = connect(false);
        assertThat(handshake(second)).contains("etl-worker");
        assertThat(first.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        second.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void aVmiThatDoesNotRunHasNoDisplay() {
        assertThatThrownBy(() -> http.newWebSocketBuilder().subprotocols("plain.kubevirt.io")
                .buildAsync(URI.create(lab.apiUrl().replace("http://", "ws://")
                        + "/apis/subresources.kubevirt.io/v1/namespaces/analytics/virtualmachineinstances/no-such-vm/vnc"),
                        new Rfb()).join())
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }
}
