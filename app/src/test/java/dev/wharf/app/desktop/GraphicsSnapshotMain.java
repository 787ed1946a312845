package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.bench.Snapshots;
import dev.wharf.views.shell.MainWindow;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The README's screenshot of the Graphics tab: runs the desktop on the lab, selects a KubeVirt VM,
 * opens its graphical console (the lab's synthetic display over the VMI's vnc subresource), types
 * a user name into it, and writes the window as a PNG. Not a test; run it by hand (views/README.md).
 * Args: output PNG, seconds to wait for the lab (default 25), VM name (default etl-worker).
 */
public final class GraphicsSnapshotMain {
    private GraphicsSnapshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/graphics.png");
        int wait = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String vm = args.length > 2 ? args[2] : "etl-worker";
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.empty(), List.of(), List.of(), true, false)), "desktop");
        app.setDaemon(true);
        app.start();
        Item[] item = new Item[1];
        long deadline = System.currentTimeMillis() + wait * 1000L;
        while (item[0] == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no VM " + vm + " with a graphical console after " + wait + " s");
            }
            Thread.sleep(1000);
            try {
                step(() -> {
                    try {
                        main().viewModel().items().stream()
                                .filter(i -> i.name().equals(vm) && i.consoles().contains(ConsoleType.VNC)).findFirst()
                                .ifPresent(i -> item[0] = i);
                    } catch (IllegalStateException notYet) {
                        // no main window yet
                    }
                });
            } catch (IllegalStateException toolkitNotYet) {
                // the desktop is still starting
            }
        }
        Thread.sleep(3000);
        step(() -> {
            MainWindow w = main();
            w.viewModel().select(item[0].id());
            w.openConsole(item[0], ConsoleType.VNC);
        });
        Thread.sleep(500);
        step(() -> { // give the bottom pane most of the height: the screen is what this shot is about
            for (javafx.scene.Parent p = main().consoles().getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.SplitPane sp
                        && sp.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                    sp.setDividerPositions(0.28);
                    break;
                }
            }
        });
        Thread.sleep(4000);
        step(() -> main().consoles().graphics().views().get(0).session().type("ops\n"));
        Thread.sleep(2000);
        step(() -> Snapshots.write(main().getScene(), out));
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
