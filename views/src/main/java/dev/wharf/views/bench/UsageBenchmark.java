package dev.wharf.views.bench;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.Usage;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.metrics.UsageHeat;
import dev.wharf.views.metrics.UsageHistory;
import dev.wharf.views.metrics.UsageModel;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;

/**
 * Measures usage: (1) the heap that 15 minutes of history for N items take (the ring buffer alone,
 * then the whole model after 15 minutes of polls), (2) the FX thread's cost of applying one poll
 * of N items in the full main window: the task that sets the frame (details, table, topology tint),
 * with the topology coloured by CPU, then with the table sorted by CPU; and the topology repaint
 * that follows. Command in views/README.md.
 */
public final class UsageBenchmark {
    private static final List<Long> WALL = Collections.synchronizedList(new ArrayList<>());

    private UsageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        memory(n);
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false); // the first window closes before the second opens
        fxCost(n);
        if (args.length > 1) {
            fxCost(Integer.parseInt(args[1])); // a smaller window: the table is re-sorted by every poll
        }
        Platform.exit();
        System.exit(0);
    }

    private static long used() {
        for (int k = 0; k < 4; k++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void memory(int n) throws Exception {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("k8s:bench|pod/ns-" + (i % 40) + "/workload-" + i);
        }
        long t0 = Instant.parse("2026-12-02T10:00:00Z").getEpochSecond();
        long before = used();
        UsageHistory h = new UsageHistory();
        for (int s = 0; s < UsageHistory.SLOTS; s++) {
            for (int i = 0; i < n; i++) {
                h.record(new Usage(ids.get(i), null, null, 0.1 * (i % 20), 5.0, 1000L * i, 3.0, 10L, 20L, 30L, 40L, ""),
                        t0 + (long) s * UsageHistory.SLOT_SECONDS);
            }
        }
        long history = used() - before;
        System.out.printf(Locale.ROOT, "history of %,d items, %d slots × %d s (15 min): %.1f MB on the heap (arrays %.1f MB)%n",
                h.size(), UsageHistory.SLOTS, UsageHistory.SLOT_SECONDS, history / 1e6, h.arrayBytes() / 1e6);
        h = null;

        // the whole model after 15 minutes of metrics-server polls (60 polls, one every 15 s)
        SyntheticInventory data = SyntheticInventory.generate(n, Math.max(10, n / 50), 42);
        Inventory inventory = new Inventory();
        InventoryViewModel vm = new InventoryViewModel();
        List<SyntheticUsage> sources = new ArrayList<>();
        for (SourceInfo s : data.sources()) {
            sources.add(new SyntheticUsage(new SyntheticSource(s, inventory, data.items()), data.items(), 0));
        }
        vm.apply(new dev.wharf.inventory.InventoryDelta(true, data.items(), List.of(), data.sources(), List.of()));
        var worker = Executors.newSingleThreadScheduledExecutor();
        long base = used();
        UsageModel model = new UsageModel(vm, Backend.of(sources), worker, Runnable::run).start();
        Instant start = Instant.now().minusSeconds(900);
        for (int k = 0; k < 60; k++) {
            for (SyntheticUsage s : sources) {
                s.poll(start.plusSeconds(15L * k));
            }
        }
        worker.submit(() -> { }).get(60, TimeUnit.SECONDS);
        long whole = used() - base;
        System.out.printf(Locale.ROOT, "whole usage model after 60 polls of %,d items (history, newest figures, the ready frame): "
                + "%.1f MB%n", model.frame().current().size(), whole / 1e6);
        model.close();
        worker.shutdownNow();
    }

    private static void fxCost(int n) throws Exception {
        SyntheticInventory data = SyntheticInventory.generate(n, Math.max(10, n / 50), 42);
        Inventory inventory = new Inventory();
        List<SyntheticUsage> sources = new ArrayList<>();
        for (SourceInfo s : data.sources()) {
            sources.add(new SyntheticUsage(new SyntheticSource(s, inventory, data.items()), data.items(), 0));
        }
        InventoryViewModel vm = new InventoryViewModel();
        List<Long> tasks = Collections.synchronizedList(new ArrayList<>());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // the FX thread's own CPU time: on a loaded machine wall time also counts the wait for a core
        Executor timed = r -> Platform.runLater(() -> {
            long a = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            r.run();
            tasks.add(mx.getCurrentThreadCpuTime() - a);
            if (Boolean.getBoolean("bench.trace")) {
                System.out.printf(Locale.ROOT, "  task %s %.2f ms%n", r.getClass().getName(), (mx.getCurrentThreadCpuTime() - a) / 1e6);
            }
            WALL.add(System.nanoTime() - w0);
        });
        CompletableFuture<MainWindow> ready = new CompletableFuture<>();
        Platform.runLater(() -> {
            ThemeController theme = new ThemeController(false);
            MainWindow w = new MainWindow(new MainWindow.Deps(vm, Backend.of(sources),
                    TaskRunner.of(TaskRunner.daemonPool(), Platform::runLater), Executors.newSingleThreadExecutor(), timed,
                    theme, null, () -> { }, null, opener -> new ConsoleTabs(opener, Platform::runLater)));
            Stage stage = new Stage();
            Scene scene = new Scene(w, 1600, 1000);
            theme.attach(scene);
            stage.setScene(scene);
            stage.show();
            inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
            sources.forEach(SyntheticUsage::start);
            ready.complete(w);
        });
        MainWindow w = ready.get(30, TimeUnit.SECONDS);
        long until = System.nanoTime() + 60_000_000_000L;
        while (w.usage().model().frame().watched().size() < sources.size() || w.topology().model().cellCount() == 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the window did not load within 60 s");
            }
            Thread.sleep(200);
        }
        Item someone = data.items().stream().filter(i -> i.name().startsWith("vm-")).findFirst().orElse(data.items().get(0));
        Platform.runLater(() -> {
            vm.select(someone.id());
            w.usage().heatProperty().set(UsageHeat.Mode.CPU);
        });
        Thread.sleep(3000); // the first layout and the focus settle
        List<Long> draws = Collections.synchronizedList(new ArrayList<>());
        w.topology().setAfterDraw(() -> draws.add(w.topology().lastDrawNanos()));
        run("topology coloured by CPU, details of a VM", w, sources, tasks, draws, n);
        Platform.runLater(() -> vm.select(null));
        Thread.sleep(1000);
        run("topology coloured by CPU, nothing selected", w, sources, tasks, draws, n);
        Platform.runLater(() -> vm.select(someone.id()));
        Thread.sleep(1000);

        CountDownLatch table = new CountDownLatch(1);
        Platform.runLater(() -> {
            w.showTable();
            TableColumn<Item, ?> cpu = w.table().getColumns().stream().filter(c -> "CPU".equals(c.getText())).findFirst()
                    .orElseThrow();
            cpu.setSortType(TableColumn.SortType.DESCENDING);
            w.table().getSortOrder().setAll(List.of(cpu));
            table.countDown();
        });
        table.await();
        Thread.sleep(1500);
        run("table sorted by CPU (" + (w.table().getItems().size() <= dev.wharf.views.metrics.UsageColumns.RESORT_LIMIT
                ? "re-sorted by every poll" : "cells rewritten; over " + dev.wharf.views.metrics.UsageColumns.RESORT_LIMIT
                + " rows not re-sorted") + ")", w, sources, tasks, draws, n);
        Platform.runLater(() -> {
            w.usage().model().close();
            ((Stage) w.getScene().getWindow()).close();
        });
    }

    private static void run(String what, MainWindow w, List<SyntheticUsage> sources, List<Long> tasks, List<Long> draws, int n)
            throws Exception {
        int polls = 20;
        List<Long> per = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        tasks.clear();
        draws.clear();
        for (int k = 0; k < polls; k++) {
            long rev = w.usage().model().frame().revision();
            tasks.clear();
            WALL.clear();
            Instant at = Instant.now();
            for (SyntheticUsage s : sources) {
                s.poll(at); // all sources at once: their frames coalesce into one hop, as a burst would
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (w.usage().model().frame().revision() == rev && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(400);
            synchronized (tasks) {
                per.add(tasks.stream().mapToLong(Long::longValue).sum());
            }
            synchronized (WALL) {
                wall.add(WALL.stream().mapToLong(Long::longValue).sum());
            }
        }
        Collections.sort(per);
        Collections.sort(wall);
        List<Long> d;
        synchronized (draws) {
            d = new ArrayList<>(draws);
        }
        Collections.sort(d);
        System.out.printf(Locale.ROOT, "%s: FX thread CPU to apply one poll of %,d items: median %.2f ms, max %.2f ms "
                        + "(wall: median %.2f, max %.2f ms; %d polls); topology paints after: median %.2f ms%n", what, n,
                per.get(per.size() / 2) / 1e6, per.get(per.size() - 1) / 1e6, wall.get(wall.size() / 2) / 1e6,
                wall.get(wall.size() - 1) / 1e6, polls, d.isEmpty() ? 0 : d.get(d.size() / 2) / 1e6);
    }

}
