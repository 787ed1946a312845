package dev.wharf.views.bench;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Issue 10's "fluid at 10,000 pods" for the Isolation view, in the full main window: the FX thread's
 * longest tasks and pulses while the view opens on a complete inventory, while 100 pod updates/s
 * stream in (each re-analysed off the FX thread), and while findings are clicked. Headless like
 * {@link TopologyBenchmark} (command in views/README.md); args: workload counts.
 */
public final class IsolationViewBenchmark {

    private IsolationViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
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
        Inventory inventory = new Inventory();
        List<SyntheticSource> sources = new ArrayList<>();
        for (SourceInfo s : data.sources()) {
            sources.add(new SyntheticSource(s, inventory, data.items()));
        }
        InventoryViewModel vm = new InventoryViewModel();
        FxWatchdog watchdog = new FxWatchdog();
        CompletableFuture<MainWindow> ready = new CompletableFuture<>();
        Platform.runLater(() -> {
            ThemeController theme = new ThemeController(false);
            MainWindow w = new MainWindow(new MainWindow.Deps(vm, Backend.of(sources),
                    TaskRunner.of(TaskRunner.daemonPool(), watchdog.executor("background task's result")),
                    Executors.newSingleThreadExecutor(), watchdog.executor("ui"), theme, null, () -> { }, null,
                    opener -> new ConsoleTabs(opener, watchdog.executor("console state"))));
            Stage stage = new Stage();
            Scene scene = new Scene(w, 1600, 1000);
            watchdog.watch(scene);
            theme.attach(scene);
            stage.setScene(scene);
            stage.show();
            ready.complete(w);
        });
        MainWindow w = ready.get(30, TimeUnit.SECONDS);
        inventory.subscribe(new DeltaCoalescer(watchdog.executor("inventory delta"), vm::apply));
        sources.forEach(SyntheticSource::start);
        long listed = data.items().stream().filter(Item::listedByDefault).count();
        long t0 = System.nanoTime();
        while (vm.items().size() < listed && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(50);
        }
        Thread.sleep(2000);
        watchdog.reset();

        // 1. open the view on the complete inventory; wait for its findings
        long o0 = System.nanoTime();
        Platform.runLater(w::showIsolation);
        while (w.isolation().shownFindings().isEmpty() && System.nanoTime() - o0 < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(20);
        }
        long open = System.nanoTime() - o0;
        Thread.sleep(1000);
        String fxOpen = fx(watchdog);

        // 2. 100 pod updates/s for 5 s while the view shows
        Random r = new Random(1);
        List<Item> pods = data.items().stream().filter(i -> i.kind() == Kind.POD && i.listedByDefault()).toList();
        State[] states = {State.RUNNING, State.PENDING, State.FAILED, State.STOPPING};
        long s0 = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - s0 < TimeUnit.SECONDS.toNanos(5)) {
            Item i = pods.get(r.nextInt(pods.size()));
            inventory.put(i.toBuilder().state(states[r.nextInt(states.length)]).build());
            sent++;
            Thread.sleep(10);
        }
        Thread.sleep(1000);
        String fxStream = fx(watchdog);

        // 3. click 20 findings (each selects its items in every view)
        for (int k = 0; k < 20; k++) {
            int index = k;
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                var list = w.isolation().findingsList();
                if (index < list.getItems().size()) {
                    list.getSelectionModel().clearAndSelect(index);
                }
                done.countDown();
            });
            done.await(10, TimeUnit.SECONDS);
            Thread.sleep(100);
        }
        Thread.sleep(500);
        String fxClicks = fx(watchdog);

        System.out.printf(Locale.ROOT, "%n== Isolation view, %,d workloads on %,d nodes (%,d items, %,d findings) ==%n",
                workloads, nodes, data.items().size(), w.isolation().shownFindings().size());
        System.out.printf(Locale.ROOT, "open → findings shown: %.0f ms%n  FX watchdog: %s%n", open / 1e6, fxOpen);
        System.out.printf(Locale.ROOT, "%d pod updates in 5 s:%n  FX watchdog: %s%n", sent, fxStream);
        System.out.printf(Locale.ROOT, "20 finding clicks:%n  FX watchdog: %s%n", fxClicks);
    }

    private static String fx(FxWatchdog watchdog) {
        String s = "runLater tasks " + watchdog.tasks() + "; pulses (CSS + layout) " + watchdog.pulses();
        watchdog.reset();
        return s;
    }
}
