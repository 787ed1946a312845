package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.shell.MainWindow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The README's "why is it failing" screenshots of the real window on the lab (run under Xvfb; it
 * calls ImageMagick's {@code import -window root}): a failed pod whose Overview says why, and a
 * node being drained (its confirmation: what will be evicted, what stays and why; with
 * {@code -Dwharf.snapshot.drainRun=true} the drain itself, each pod's outcome). Not a test. Args: output directory, seconds to wait at most for the lab (default 240),
 * pod name prefix (default image-resizer), node to drain (default worker-01).
 */
public final class ExplainSnapshotMain {
    private ExplainSnapshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int wait = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        String pod = args.length > 2 ? args[2] : "image-resizer";
        String node = args.length > 3 ? args[3] : "worker-01";
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.empty(), List.of(), List.of(), true, false)), "desktop");
        app.setDaemon(true);
        app.start();
        long deadline = System.nanoTime() + wait * 1_000_000_000L;
        boolean[] there = {false};
        while (!there[0] && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            try {
                Platform.runLater(() -> { });
            } catch (IllegalStateException notYet) {
                continue; // the toolkit is not up yet
            }
            step(() -> there[0] = Window.getWindows().stream().anyMatch(x -> x.getScene() != null
                    && x.getScene().getRoot() instanceof MainWindow m && m.viewModel().items().stream()
                    .anyMatch(i -> i.name().startsWith(pod)) && m.viewModel().items().stream()
                    .anyMatch(i -> i.kind() == Kind.HOST)));
        }
        Thread.sleep(4000); // the first fit and the remaining sources
        // the lab may still be settling (a re-list replaces items): select until the selection holds
        boolean[] held = {false};
        for (int attempt = 0; attempt < 10 && !held[0]; attempt++) {
            step(() -> select(main(), i -> i.name().startsWith(pod) && i.kind() != Kind.NODE));
            Thread.sleep(2500);
            step(() -> held[0] = main().viewModel().selected() != null
                    && main().viewModel().selected().name().startsWith(pod));
        }
        Thread.sleep(4000); // let the window repaint (a loaded machine lags)
        shoot(out.resolve("failed-pod.png"));
        step(() -> {
            MainWindow w = main();
            Item n = select(w, i -> i.kind() == Kind.NODE && i.name().equals(node));
            w.actions().request(n, Action.DRAIN);
        });
        Thread.sleep(3000);
        // -Dwharf.snapshot.drainRun=true: the drain under way, once the lab answers the eviction API
        step(() -> {
            if (!Boolean.getBoolean("wharf.snapshot.drainRun")) {
                return;
            }
            for (Window win : Window.getWindows()) {
                if (win.getScene() != null && win.getScene().getRoot().lookup("#drain-dialog") != null) {
                    win.getScene().getRoot().lookupAll(".danger").stream().filter(b -> b instanceof Button)
                            .map(b -> (Button) b).findFirst().ifPresent(Button::fire);
                }
            }
        });
        Thread.sleep(Boolean.getBoolean("wharf.snapshot.drainRun") ? Long.getLong("wharf.snapshot.drainMillis", 6000) : 500);
        shoot(out.resolve("drain.png"));
        System.exit(0);
    }

    private static Item select(MainWindow w, java.util.function.Predicate<Item> which) {
        Item i = w.viewModel().items().stream().filter(which).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing to select in the lab"));
        w.viewModel().select(i.id());
        System.out.println("selected " + i.id() + " → " + w.viewModel().selected());
        return i;
    }

    private static void shoot(Path png) throws Exception {
        Process p = new ProcessBuilder("import", "-window", "root", png.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("import failed for " + png);
        }
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
