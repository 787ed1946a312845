package dev.wharf.views.graphics;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.rfb.PushInputStream;
import dev.wharf.rfb.Rect;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * FX-thread cost of the Graphics tab while the guest scrolls text: a 720×400 screen (QEMU's VGA
 * text mode) where every update damages the whole text area, as a scrolling console does, arriving
 * faster than the pulse. Reports the time of each FX-thread copy into the PixelBuffer (mean, max)
 * and how many updates each copy absorbed. Not a test: run it by hand (views/README.md).
 * Args: updates (default 600).
 */
public final class GraphicsBenchmark {
    private GraphicsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(10, TimeUnit.SECONDS);
        FakeRfbStream server = new FakeRfbStream(720, 400, false);
        server.chunk = 10 * 1024; // virt-handler's websocket messages
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
        FrameImage[] frame = new FrameImage[1];
        int[] received = new int[1];
        RfbClient client = RfbClient.connect(in, new OutputStream() {
            @Override
            public void write(int b) {
                server.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                server.write(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        }, RfbOptions.defaults(), new RfbListener() {
            @Override
            public void onDamage(Rect damaged) {
                FrameImage f = frame[0];
                if (f != null) {
                    f.damaged(damaged);
                }
            }

            @Override
            public void onUpdateEnd() {
                synchronized (received) {
                    received[0]++;
                    received.notifyAll();
                }
            }
        });
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            frame[0] = new FrameImage(client::framebuffer);
            ImageView view = new ImageView();
            view.imageProperty().bind(frame[0].imageProperty());
            Stage stage = new Stage();
            stage.setScene(new Scene(new StackPane(view), 760, 440));
            stage.show();
            shown.complete(null);
        });
        shown.get(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            // a scrolled text screen: the whole text area changes (line colours vary so pixels differ)
            server.rect(0, 0, 720, 400, 0x101010 * (i % 15 + 1));
            synchronized (received) {
                while (received[0] < i + 1) {
                    received.wait(5000);
                }
            }
        }
        long wall = System.nanoTime() - t0;
        Thread.sleep(300);
        long[] stats = new long[3];
        CompletableFuture<Void> read = new CompletableFuture<>();
        Platform.runLater(() -> {
            stats[0] = frame[0].copies();
            stats[1] = frame[0].copyNanos();
            stats[2] = frame[0].maxCopyNanos();
            read.complete(null);
        });
        read.get(10, TimeUnit.SECONDS);
        System.out.printf("%d full-screen updates of 720x400 in %.0f ms (%.0f updates/s); FX-thread copies: %d, "
                        + "mean %.2f ms, max %.2f ms per copy%n", updates, wall / 1e6, updates / (wall / 1e9), stats[0],
                stats[1] / 1e6 / Math.max(1, stats[0]), stats[2] / 1e6);
        client.close();
        Platform.exit();
        System.exit(0);
    }
}
