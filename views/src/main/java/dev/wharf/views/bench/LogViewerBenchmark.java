package dev.wharf.views.bench;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.views.logs.LogRing;
import dev.wharf.views.logs.LogView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;

/**
 * The log viewer under load (not a test; figures in views/README.md):
 * <ol>
 *   <li>1,000,000 lines of about 120 bytes (ANSI colours) pushed as fast as a connector can into
 *       a Logs tab in a window: time until the last is on screen; heap held above the baseline
 *       (after GC) with the default ring;</li>
 *   <li>20,000 lines/s for 10 s: the longest FX-thread task of the viewer (the pulse applying a
 *       snapshot) and the longest frame interval;</li>
 *   <li>a search over the 200,000 lines held: time on the viewer's worker.</li>
 * </ol>
 * Args: {@code [lines=1000000] [rate=20000] [seconds=10]}.
 */
public final class LogViewerBenchmark {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private LogViewerBenchmark() {
    }

    /** A feed the benchmark writes into. */
    static final class Pump implements LogFeed {
        volatile Listener listener;

        @Override public String description() { return "benchmark"; }
        @Override public void start(Listener l) { listener = l; }
        @Override public void close() { }
    }

    static String line(long i) {
        return "\u001b[32mINFO \u001b[0m GET /api/v1/products/" + (i % 9973) + " \u001b[32m200\u001b[0m " + (i % 97)
                + "ms \u001b[2mua=Mozilla/5.0 (X11; Linux x86_64) rid=" + Long.toHexString(i * 2654435761L) + "\u001b[0m";
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Item item = Item.builder("bench|pod/b/chatty", "bench", Kind.POD, "chatty").namespace("b")
                .facet(new LogStreams(List.of(new LogStream("app", LogStream.Type.CONTAINER)), "app", "")).build();
        long baseline = heap();
        Pump pump = new Pump();
        AtomicLong applyMax = new AtomicLong();
        AtomicLong applyCount = new AtomicLong();
        AtomicLong applyCpuMax = new AtomicLong();
        LogView[] view = new LogView[1];
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            view[0] = new LogView(item, r -> CompletableFuture.completedFuture(pump), r -> Platform.runLater(() -> {
                long t = System.nanoTime();
                long c = CPU.getCurrentThreadCpuTime();
                r.run();
                long d = System.nanoTime() - t;
                applyMax.accumulateAndGet(d, Math::max);
                applyCpuMax.accumulateAndGet(CPU.getCurrentThreadCpuTime() - c, Math::max);
                applyCount.incrementAndGet();
            }), LogRing.DEFAULT_CAPACITY);
            Stage s = new Stage();
            s.setScene(new Scene(view[0], 1400, 700));
            s.show();
            shown.countDown();
        });
        shown.await();
        while (pump.listener == null) {
            Thread.sleep(10);
        }
        @SuppressWarnings("unchecked")
        ListView<Object> list = (ListView<Object>) view[0].lookup(".log-list");
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");

        // 1. a million lines, as fast as they come
        long start = System.nanoTime();
        for (long i = 0; i < lines; i++) {
            Instant t = t0.plusNanos(i * 1000);
            pump.listener.onLine(LogLine.line(t.toString(), t, null, line(i)));
        }
        waitForSize(list, Math.min(lines, LogRing.DEFAULT_CAPACITY) + (lines > LogRing.DEFAULT_CAPACITY ? 1 : 0));
        long total = System.nanoTime() - start;
        long held = heap() - baseline;
        System.out.printf("1. %,d lines (%,d MB of text) into the viewer: %.2f s (%.0f lines/s); heap held above baseline: %,d MB;"
                + " FX apply max %.1f ms (CPU %.1f ms) over %,d pulses%n", lines, (long) lines * line(lines / 2).length() / 1_000_000,
                total / 1e9, lines / (total / 1e9), held / 1_000_000, applyMax.get() / 1e6, applyCpuMax.get() / 1e6,
                applyCount.get());

        // 2. a steady 20,000 lines/s
        applyMax.set(0);
        applyCpuMax.set(0);
        applyCount.set(0);
        AtomicLong frameMax = new AtomicLong();
        long[] last = {0};
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) {
                    frameMax.accumulateAndGet(now - last[0], Math::max);
                }
                last[0] = now;
            }
        };
        Platform.runLater(frames::start);
        Thread.sleep(500);
        frameMax.set(0);
        long period = 1_000_000_000L / rate;
        long begin = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - begin < seconds * 1_000_000_000L) {
            long due = begin + n * period;
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
                LockSupport.parkNanos(wait);
            }
            Instant t = t0.plusSeconds(3600).plusNanos(n * 1000);
            pump.listener.onLine(LogLine.line(t.toString(), t, null, line(n)));
            n++;
        }
        Thread.sleep(300);
        Platform.runLater(frames::stop);
        System.out.printf("2. %,d lines/s for %d s (%,d lines): FX apply task max %.1f ms (CPU %.1f ms) over %,d pulses;"
                + " frame interval max %.1f ms%n", rate, seconds, n, applyMax.get() / 1e6, applyCpuMax.get() / 1e6,
                applyCount.get(), frameMax.get() / 1e6);

        // 3. a search over what is held (200,000 lines)
        for (int round = 0; round < 3; round++) {
            CountDownLatch done = new CountDownLatch(1);
            long[] took = new long[1];
            String q = round == 0 ? "rid=7f" : round == 1 ? "products/42 " : "no such text";
            long[] cpu = new long[2];
            Platform.runLater(() -> {
                dev.wharf.views.logs.LogViewModelAccess.after(view[0], () -> {
                    took[0] = System.nanoTime();
                    cpu[0] = CPU.getCurrentThreadCpuTime();
                });
                ((javafx.scene.control.TextField) view[0].lookup("#log-search")).setText(q); // searched on the worker
                dev.wharf.views.logs.LogViewModelAccess.after(view[0], () -> {
                    took[0] = System.nanoTime() - took[0];
                    cpu[1] = CPU.getCurrentThreadCpuTime() - cpu[0];
                    done.countDown();
                });
            });
            done.await(60, TimeUnit.SECONDS);
            System.out.printf("3. search \"%s\" over %,d lines: %.1f ms (CPU %.1f ms)%n", q, LogRing.DEFAULT_CAPACITY,
                    took[0] / 1e6, cpu[1] / 1e6);
        }
        System.out.println("load average: " + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
        Platform.exit();
        System.exit(0);
    }

    private static void waitForSize(ListView<Object> list, int size) throws Exception {
        while (true) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Platform.runLater(() -> f.complete(list.getItems().size()));
            if (f.get() >= size) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

}
