package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.views.bench.Snapshots;
import dev.wharf.views.shell.MainWindow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Screenshots of the real window for the README: runs the desktop on the lab, waits, then writes
 * PNGs of the topology (light, dark) and the table. Not a test; run it by hand (see views/README.md).
 * Args: output directory, seconds to wait for the lab (default 25), item name to select.
 */
public final class SnapshotMain {
    private SnapshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int wait = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String select = args.length > 2 ? args[2] : null;
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.empty(), List.of(), List.of(), true, false)), "desktop");
        app.setDaemon(true);
        app.start();
        Thread.sleep(wait * 1000L);
        step(() -> {
            MainWindow w = main();
            if (select != null) {
                w.viewModel().items().stream().filter(i -> i.name().startsWith(select)).findFirst()
                        .ifPresent(i -> w.viewModel().select(i.id()));
            }
        });
        Thread.sleep(1500);
        step(() -> Snapshots.write(main().getScene(), out.resolve("topology-light.png")));
        step(() -> ((ToggleButton) main().lookup("#theme-toggle")).fire());
        Thread.sleep(1500);
        step(() -> Snapshots.write(main().getScene(), out.resolve("topology-dark.png")));
        step(() -> main().showTable());
        Thread.sleep(1500);
        step(() -> Snapshots.write(main().getScene(), out.resolve("table-dark.png")));
        step(() -> ((ToggleButton) main().lookup("#theme-toggle")).fire());
        Thread.sleep(1500);
        step(() -> Snapshots.write(main().getScene(), out.resolve("table-light.png")));
        if (Boolean.getBoolean("wharf.snapshot.extra")) {
            step(() -> {
                main().showTopology();
                main().openFirstConsole(main().viewModel().selected());
                main().openPalette();
                main().palette().query().setText("stop");
            });
            Thread.sleep(2500);
            step(() -> Snapshots.write(main().getScene(), out.resolve("extra.png")));
        }
        System.exit(0);
    }

    private static MainWindow main() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() instanceof MainWindow m) {
                return m;
            }
        }
        throw new IllegalStateException("no main window");
    }

    private static void step(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }
}
