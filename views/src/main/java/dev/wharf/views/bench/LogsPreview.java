package dev.wharf.views.bench;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.views.logs.LogRing;
import dev.wharf.views.logs.LogView;
import dev.wharf.views.theme.ThemeController;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * The Logs tab alone over a synthetic, colourful log (a web service's access log, a crash with
 * its stack trace, a restart marker), with a search typed: for the README's screenshot.
 * Args: {@code PNG [light|dark]}.
 */
public final class LogsPreview {
    private static final String R = "\u001b[0m";

    private LogsPreview() {
    }

    public static void main(String[] args) throws Exception {
        Path png = Path.of(args.length > 0 ? args[0] : "/tmp/logs.png");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Item item = Item.builder("lab|pod/shop/image-resizer", "lab", Kind.POD, "image-resizer-84c6d9f7b-97xxx")
                .namespace("shop").property("Restarts", "23")
                .facet(new LogStreams(List.of(new LogStream("image-resizer", LogStream.Type.CONTAINER)), "image-resizer", ""))
                .build();
        LogFeed feed = new LogFeed() {
            @Override public String description() { return "log of pod/image-resizer-84c6d9f7b-97xxx/image-resizer"; }
            @Override public void close() { }
            @Override public void start(Listener l) {
                Instant t = Instant.parse("2026-12-02T10:02:03.118Z");
                Random r = new Random(7);
                String[] paths = {"/resize?w=1200", "/resize?w=400", "/healthz", "/metrics", "/resize?w=64"};
                for (int i = 0; i < 60; i++) {
                    t = t.plusMillis(200 + r.nextInt(900));
                    String line;
                    int roll = r.nextInt(20);
                    if (roll == 0) {
                        line = "\u001b[33mWARN " + R + " upstream s3 slow: GET shop-media/uploads/IMG_" + (4000 + i) + ".HEIC took "
                                + (900 + r.nextInt(900)) + "ms";
                    } else if (roll == 1) {
                        line = "\u001b[31mERROR" + R + " timeout talking to redis.shop.svc:6379 after 2000ms, retrying";
                    } else {
                        line = "\u001b[32mINFO " + R + " \u001b[36mGET" + R + " " + paths[r.nextInt(paths.length)] + " "
                                + "\u001b[32m200" + R + " " + (3 + r.nextInt(90)) + "ms \u001b[2mrid=" + Integer.toHexString(r.nextInt()) + R;
                    }
                    l.onLine(LogLine.line(t.toString(), t, null, line));
                }
                String[] crash = {
                    "\u001b[31mERROR" + R + " worker-2 failed on s3://shop-media/uploads/IMG_4032.HEIC",
                    "\u001b[1;31mException in thread \"worker-2\" java.lang.IllegalStateException: cannot decode HEIC: timeout waiting for libheif" + R,
                    "\tat com.example.resize.Decoder.open(Decoder.java:88)",
                    "\tat com.example.resize.Worker.resize(Worker.java:127)",
                    "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
                    "Caused by: java.util.concurrent.TimeoutException: libheif did not answer in 30 s"};
                for (String c : crash) {
                    l.onLine(LogLine.line(t.toString(), t, null, c));
                }
                l.onLine(LogLine.marker(LogLine.Kind.RESTART, t, null,
                        "container image-resizer restarted (restart count 24): exit code 1, Error"));
                t = t.plusSeconds(12);
                l.onLine(LogLine.line(t.toString(), t, null, "\u001b[32mINFO " + R + " image-resizer starting (workers=4, cache=/var/cache/resize)"));
                t = t.plusMillis(340);
                l.onLine(LogLine.line(t.toString(), t, null, "\u001b[32mINFO " + R + " connected to redis://redis.shop.svc:6379"));
            }
        };
        Stage[] stage = new Stage[1];
        Platform.runLater(() -> {
            LogView view = new LogView(item, rq -> CompletableFuture.completedFuture(feed), Platform::runLater,
                    LogRing.DEFAULT_CAPACITY);
            Scene scene = new Scene(view, 1280, 640);
            new ThemeController(args.length > 1 && args[1].equals("dark")).attach(scene);
            stage[0] = new Stage();
            stage[0].setScene(scene);
            stage[0].setTitle("Wharf — Logs");
            stage[0].show();
            ((javafx.scene.control.CheckBox) view.lookupAll(".check-box").iterator().next()).setSelected(true);
            ((TextField) view.lookup("#log-search")).setText("timeout");
        });
        Thread.sleep(2500);
        CountDownLatch shot = new CountDownLatch(1);
        Platform.runLater(() -> {
            Snapshots.write(stage[0].getScene(), png);
            shot.countDown();
        });
        shot.await();
        System.out.println("wrote " + png);
        Platform.exit();
        System.exit(0);
    }
}
