package dev.wharf.views.bench;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Opens the main window over a synthetic inventory, to look at the views without a cluster:
 * {@code java -cp … dev.wharf.views.bench.PreviewMain [workloads] [nodes] [light|dark] [topology|table] [shot.png] [heat|-] [item to select]};
 * with a PNG path it writes a snapshot of the window after 4 s and exits (works under Monocle headless). The sources
 * measure synthetic usage ({@link SyntheticUsage}, 15 minutes back-filled, a poll every 3 s); {@code heat} colours the
 * topology by CPU.
 */
public final class PreviewMain {
    private PreviewMain() {
    }

    public static void main(String[] args) {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 160;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        boolean dark = args.length > 2 && args[2].equals("dark");
        boolean table = args.length > 3 && args[3].equals("table");
        String shot = args.length > 4 ? args[4] : null;
        SyntheticInventory data = SyntheticInventory.generate(workloads, nodes, 7);
        Inventory inventory = new Inventory();
        boolean heat = args.length > 5 && args[5].equals("heat");
        String pickName = args.length > 6 ? args[6] : "vm-ledger-0";
        List<SyntheticUsage> sources = new ArrayList<>();
        for (SourceInfo s : data.sources()) {
            sources.add(new SyntheticUsage(new SyntheticSource(s, inventory, data.items()), data.items(), 3000));
        }
        Platform.startup(() -> {
            InventoryViewModel vm = new InventoryViewModel();
            ThemeController theme = new ThemeController(dark);
            MainWindow w = new MainWindow(new MainWindow.Deps(vm, Backend.of(sources),
                    TaskRunner.of(TaskRunner.daemonPool(), Platform::runLater), Executors.newSingleThreadExecutor(),
                    Platform::runLater, theme, null, () -> { }, null, ConsoleTabs::new));
            inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
            Stage stage = new Stage();
            Scene scene = new Scene(w, 1600, 1000);
            theme.attach(scene);
            stage.setScene(scene);
            stage.setTitle("Wharf (preview)");
            stage.show();
            sources.forEach(SyntheticUsage::start);
            if (heat) {
                w.usage().heatProperty().set(dev.wharf.views.metrics.UsageHeat.Mode.CPU);
            }
            if (table) {
                w.showTable();
            }
            stage.setOnHidden(e -> Platform.exit());
            if (shot != null) {
                javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
                javafx.animation.PauseTransition pick = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
                pick.setOnFinished(e -> vm.items().stream().filter(i -> i.name().equals(pickName)).findFirst()
                        .ifPresent(i -> vm.select(i.id())));
                pick.play();
                wait.setOnFinished(e -> {
                    Snapshots.write(scene, java.nio.file.Path.of(shot));
                    Platform.exit();
                    System.exit(0);
                });
                wait.play();
            }
        });
    }
}
