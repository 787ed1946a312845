package dev.wharf.views.bench;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.State;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.fx.FxWatchdog;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;
import dev.wharf.views.topology.TopologyLayout;
import dev.wharf.views.topology.TopologyView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Measures the topology in the full main window: time from a complete inventory to the first
 * full paint, frame times while panning, and while 1,000 updates/s stream in. Run it headless
 * (see views/README.md for the command); prints one block of figures per size.
 */
public final class TopologyBenchmark {
    private static final long SECOND = 1_000_000_000L;

    private TopologyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000, 50_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        for (int n : sizes) {
            run(n);
        }
        Platform.exit();
        System.exit(0);
    }

    private static void run(int workloads) throws Exception {
        int nodes = Math.max(10, workloads / 50);
        SyntheticInventory data = SyntheticInventory.generate(workloads, nodes, 42);
        long l0 = System.nanoTime();
        TopologyLayout.compute(data.items(), new TopologyLayout.AcceptAll(), Set.of());
        long layoutCold = System.nanoTime() - l0;
        l0 = System.nanoTime();
        TopologyLayout.compute(data.items(), new TopologyLayout.AcceptAll(), Set.of());
        long layoutWarm = System.nanoTime() - l0;

        Inventory inventory = new Inventory();
        List<SyntheticSource> sources = new ArrayList<>();
        for (SourceInfo s : data.sources()) {
            sources.add(new SyntheticSource(s, inventory, data.items()));
        }
        InventoryViewModel vm = new InventoryViewModel();
        AtomicLong applyMax = new AtomicLong();
        AtomicLong applyCount = new AtomicLong();
        CompletableFuture<TopologyView> ready = new CompletableFuture<>();
        FxWatchdog watchdog = new FxWatchdog(); // posts to the FX thread as the app does, each timed with its label
        Platform.runLater(() -> {
            ThemeController theme = new ThemeController(false);
            MainWindow w = new MainWindow(new MainWindow.Deps(vm, Backend.of(sources),
                    TaskRunner.of(TaskRunner.daemonPool(), watchdog.executor("background task's result")),
                    Executors.newSingleThreadExecutor(), watchdog.executor("topology layout"), theme, null, () -> { }, null,
                    opener -> new ConsoleTabs(opener, watchdog.executor("console state"))));
            Stage stage = new Stage();
            Scene scene = new Scene(w, 1600, 1000);
            watchdog.watch(scene);
            theme.attach(scene);
            stage.setScene(scene);
            stage.show();
            ready.complete(w.topology());
        });
        TopologyView topo = ready.get(30, TimeUnit.SECONDS);
        Thread.sleep(500);
        watchdog.reset();

        // 1. complete inventory -> first full paint
        CountDownLatch painted = new CountDownLatch(1);
        int expectedCells = (int) data.items().stream().filter(Item::listedByDefault)
                .filter(i -> i.kind() != dev.wharf.inventory.Kind.HOST && i.kind() != dev.wharf.inventory.Kind.NODE
                        && i.carries() == null).count();
        topo.setAfterDraw(() -> {
            if (topo.model().cellCount() >= expectedCells) {
                painted.countDown();
            }
        });
        long t0 = System.nanoTime();
        inventory.subscribe(new DeltaCoalescer(watchdog.executor("inventory delta"), d -> {
            long a = System.nanoTime();
            vm.apply(d);
            long took = System.nanoTime() - a;
            applyCount.incrementAndGet();
            applyMax.accumulateAndGet(took, Math::max);
        }));
        sources.forEach(SyntheticSource::start);
        if (!painted.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no full paint within 60 s");
        }
        long firstPaint = System.nanoTime() - t0;
        topo.setAfterDraw(() -> { });
        Thread.sleep(500);
        long initialApply = applyMax.getAndSet(0);
        String fxFirstPaint = fx(watchdog);

        // 2. panning, at 100 % (every workload box drawn) and at the fitted overview
        Frames near = pan(topo, 1.0, 3, null);
        String fxNear = fx(watchdog);
        Frames far = pan(topo, -1, 3, null);
        String fxFar = fx(watchdog);

        // 3. 1,000 updates/s while panning at 100 %
        Random r = new Random(1);
        List<Item> pods = data.items().stream().filter(i -> i.kind() == dev.wharf.inventory.Kind.POD
                && i.listedByDefault()).toList();
        AtomicLong sent = new AtomicLong();
        Runnable stream = () -> {
            long start = System.nanoTime();
            long next = start;
            State[] states = {State.RUNNING, State.PENDING, State.FAILED, State.STOPPING};
            while (System.nanoTime() - start < 5 * SECOND) {
                for (int k = 0; k < 10; k++) {
                    Item i = pods.get(r.nextInt(pods.size()));
                    inventory.put(i.toBuilder().state(states[r.nextInt(states.length)]).build());
                    sent.incrementAndGet();
                }
                next += 10_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        };
        applyMax.set(0);
        long applies0 = applyCount.get();
        Frames streaming = pan(topo, 1.0, 5, stream);
        long applies = applyCount.get() - applies0;
        String fxStreaming = fx(watchdog);

        System.out.printf(Locale.ROOT, "%n== %,d workloads on %,d nodes (%,d items) ==%n", workloads, nodes, data.items().size());
        System.out.printf(Locale.ROOT, "layout (off the FX thread): %.0f ms cold, %.0f ms warm%n", ms(layoutCold), ms(layoutWarm));
        System.out.printf(Locale.ROOT, "complete inventory -> first full paint: %.0f ms (initial delta applied on the FX thread in %.0f ms)%n",
                ms(firstPaint), ms(initialApply));
        System.out.println("  FX watchdog: " + fxFirstPaint);
        System.out.println("panning at 100 %:      " + near);
        System.out.println("  FX watchdog: " + fxNear);
        System.out.println("panning the overview:  " + far);
        System.out.println("  FX watchdog: " + fxFar);
        System.out.printf(Locale.ROOT, "panning + %,d updates in 5 s (%,d/s): %s; %d coalesced batches, longest apply %.1f ms%n",
                sent.get(), sent.get() / 5, streaming, applies, ms(applyMax.get()));
        System.out.println("  FX watchdog: " + fxStreaming);
    }

    /** The watchdog's figures for the phase that just ended (then forgotten): runLater tasks and pulses. */
    private static String fx(FxWatchdog watchdog) {
        String s = "runLater tasks " + watchdog.tasks() + "; pulses (CSS + layout) " + watchdog.pulses();
        watchdog.reset();
        return s;
    }

    /** Frame intervals (pulse to pulse) and paint durations while the view pans every pulse. */
    private record Frames(long[] intervals, long[] paints, long fxCpu, long renderCpu) {
        @Override
        public String toString() {
            long[] iv = intervals.clone();
            long[] pt = paints.clone();
            Arrays.sort(iv);
            Arrays.sort(pt);
            long over50 = Arrays.stream(iv).filter(v -> v > 50_000_000L).count();
            return String.format(Locale.ROOT, "%d frames, frame mean %.1f ms, p99 %.1f ms, max %.1f ms, over 50 ms: %d; "
                            + "paint mean %.1f ms, max %.1f ms", iv.length, ms((long) Arrays.stream(iv).average().orElse(0)),
                    ms(iv[(int) Math.min(iv.length - 1, Math.floor(iv.length * 0.99))]), ms(iv[iv.length - 1]), over50,
                    ms((long) Arrays.stream(pt).average().orElse(0)), ms(pt[pt.length - 1]))
                    + String.format(Locale.ROOT, "; CPU per frame: FX thread %.1f ms, renderer %.1f ms",
                    ms(fxCpu / Math.max(1, iv.length)), ms(renderCpu / Math.max(1, iv.length)));
        }
    }

    private static long cpu(String threadPrefix) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(threadPrefix)) {
                long c = mx.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static Frames pan(TopologyView topo, double scale, int seconds, Runnable load) throws Exception {
        long fx0 = cpu("JavaFX Application Thread");
        long r0 = cpu("QuantumRenderer");
        List<Long> intervals = new ArrayList<>();
        List<Long> paints = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            topo.fit();
            if (scale > 0) {
                topo.zoomBy(scale / topo.scale(), 0, 0);
            }
            long[] last = {0};
            long[] start = {0};
            long[] draws = {topo.drawCount()};
            double[] dir = {1};
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (start[0] == 0) {
                        start[0] = now;
                    } else {
                        intervals.add(now - last[0]);
                    }
                    last[0] = now;
                    if (topo.drawCount() != draws[0]) {
                        paints.add(topo.lastDrawNanos());
                        draws[0] = topo.drawCount();
                    }
                    if ((now - start[0]) % (2 * SECOND) < SECOND / 60) {
                        dir[0] = -dir[0];
                    }
                    topo.panBy(6 * dir[0], 3 * dir[0]);
                    if (now - start[0] > seconds * SECOND) {
                        stop();
                        done.countDown();
                    }
                }
            }.start();
        });
        if (load != null) {
            Thread t = new Thread(load, "bench-updates");
            t.start();
        }
        done.await(seconds + 30L, TimeUnit.SECONDS);
        return new Frames(intervals.stream().mapToLong(Long::longValue).toArray(),
                paints.isEmpty() ? new long[] {0} : paints.stream().mapToLong(Long::longValue).toArray(),
                cpu("JavaFX Application Thread") - fx0, cpu("QuantumRenderer") - r0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
