package dev.wharf.views.graphics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.PushInputStream;
import dev.wharf.rfb.Rect;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;

import javafx.application.Platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The FX side of the screen: only damaged rectangles are copied into the image, and a burst of
 * damage is copied once per pulse, not once per rectangle.
 */
class FrameImageTest {
    private RfbClient client;

    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    /** A real RFB client on a fake server; returns its framebuffer once the first update (colour {@code rgb}) is in. */
    private FakeRfbStream connect(CountDownLatch updates) throws Exception {
        FakeRfbStream server = new FakeRfbStream(64, 48, false);
        PushInputStream in = new PushInputStream();
        server.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                in.push(data);
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                in.end(null);
            }
        });
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                server.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                server.write(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
        client = RfbClient.connect(in, out, RfbOptions.defaults(), new RfbListener() {
            @Override
            public void onUpdateEnd() {
                updates.countDown();
            }
        });
        return server;
    }

    @Test
    void onlyTheDamagedRectangleIsCopied() throws Exception {
        CountDownLatch first = new CountDownLatch(2); // the pseudo-encoding update, then the frame
        FakeRfbStream server = connect(first);
        server.rect(0, 0, 64, 48, 0x0000FF);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        Framebuffer fb = client.framebuffer();
        FrameImage frame = new FrameImage(() -> fb);
        GraphicsViewTest.call(() -> {
            frame.damagedAll();
            frame.applyPending();
            frame.stop();
            return null;
        });
        assertThat(GraphicsViewTest.call(() -> frame.imageProperty().get().getPixelReader().getArgb(40, 40)))
                .isEqualTo(0xFF0000FF);

        // the whole framebuffer turns green, but only a 4×4 corner is reported damaged
        CountDownLatch second = new CountDownLatch(1);
        AtomicReference<CountDownLatch> unused = new AtomicReference<>(second);
        server.rect(0, 0, 64, 48, 0x00FF00);
        long deadline = System.currentTimeMillis() + 10_000;
        while ((fb.snapshot().argb()[40 * 64 + 40] & 0xFFFFFF) != 0x00FF00 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        GraphicsViewTest.call(() -> {
            frame.damaged(new Rect(0, 0, 4, 4));
            frame.applyPending();
            frame.stop();
            return null;
        });
        var reader = GraphicsViewTest.call(() -> frame.imageProperty().get().getPixelReader());
        assertThat(GraphicsViewTest.call(() -> reader.getArgb(2, 2))).isEqualTo(0xFF00FF00);
        assertThat(GraphicsViewTest.call(() -> reader.getArgb(40, 40))).as("not damaged: not copied").isEqualTo(0xFF0000FF);
    }

    @Test
    void aBurstOfDamageIsCopiedAtMostOncePerPulse() throws Exception {
        CountDownLatch first = new CountDownLatch(2);
        FakeRfbStream server = connect(first);
        server.rect(0, 0, 64, 48, 0x0000FF);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        Framebuffer fb = client.framebuffer();
        FrameImage frame = new FrameImage(() -> fb);
        for (int i = 0; i < 1000; i++) {
            frame.damaged(new Rect(i % 64, i % 48, 1, 1)); // as a reader thread reporting many small rectangles
        }
        GraphicsViewTest.await("a copy", () -> frame.copies() >= 1);
        Thread.sleep(300);
        long copies = GraphicsViewTest.call(frame::copies);
        GraphicsViewTest.call(() -> {
            frame.stop();
            return null;
        });
        assertThat(copies).as("1000 rectangles, merged").isEqualTo(1);
        assertThat(GraphicsViewTest.call(() -> frame.imageProperty().get().getPixelReader().getArgb(63, 47)))
                .isEqualTo(0xFF0000FF);
    }
}
