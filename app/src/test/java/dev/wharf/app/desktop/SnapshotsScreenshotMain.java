package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Kind;
import dev.wharf.views.bench.Snapshots;
import dev.wharf.views.shell.MainWindow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The README's snapshots screenshot: runs the desktop on the lab (real tiny guests with a qcow2 disk),
 * selects the libvirt guest {@code worker-01}, takes two snapshots through the Snapshots tab's dialog and
 * reverts to the first, then writes {@code snapshots.png}. Not a test; run it by hand under Xvfb:
 * {@code java -cp app/target/test-classes:app/target/classes:$(cat cp.txt) dev.wharf.app.desktop.SnapshotsScreenshotMain docs/screenshots}.
 */
public final class SnapshotsScreenshotMain {
    private SnapshotsScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int wait = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.empty(), List.of(), List.of(), true, false)), "desktop");
        app.setDaemon(true);
        app.start();
        Thread.sleep(wait * 1000L);
        boolean[] found = new boolean[1];
        for (int i = 0; i < 240 && !found[0]; i++) { // the lab's real guests: up to a minute more on a busy machine
            step(() -> {
                try {
                    MainWindow w = main();
                    w.viewModel().items().stream().filter(it -> it.name().equals("worker-01") && it.kind() == Kind.VM
                                    && it.state() == dev.wharf.inventory.State.RUNNING)
                            .findFirst().ifPresent(it -> {
                                w.viewModel().select(it.id());
                                found[0] = true;
                            });
                } catch (IllegalStateException e) {
                    // no window yet
                }
            });
            Thread.sleep(250);
        }
        if (!found[0]) {
            throw new IllegalStateException("the lab's guest worker-01 did not show up running");
        }
        Thread.sleep(1000);
        step(() -> main().lookupAll(".split-pane").stream().map(n -> (javafx.scene.control.SplitPane) n)
                .filter(p -> p.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .forEach(p -> p.setDividerPositions(0.42)));
        step(() -> {
            TabPane tabs = (TabPane) main().lookup(".details-tabs");
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Snapshots"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no Snapshots tab")));
        });
        Thread.sleep(2000);
        take("before-upgrade", "clean node, kubelet 1.31.3");
        take("after-upgrade", "kubelet 1.31.4 installed");
        step(() -> {
            var tree = (javafx.scene.control.TreeTableView<?>) main().lookup("#snapshot-tree");
            tree.getSelectionModel().select(0);
            ((Button) main().lookup("#snapshot-revert")).fire();
        });
        Thread.sleep(1000);
        step(() -> {
            DialogPane pane = dialog("snapshot-revert-dialog");
            pane.getButtonTypes().stream().filter(b -> b.getText().equals("Revert")).findFirst()
                    .ifPresent(b -> ((Button) pane.lookupButton(b)).fire());
        });
        for (int i = 0; i < 120 && !firstIsCurrent(); i++) {
            Thread.sleep(250);
            if (Boolean.getBoolean("wharf.debug.shot")) {
                step(() -> System.err.println("shot: selected=" + main().viewModel().selected()));
            }
        }
        step(() -> {
            var tree = (javafx.scene.control.TreeTableView<?>) main().lookup("#snapshot-tree");
            tree.getSelectionModel().select(0);
        });
        Thread.sleep(600);
        step(() -> Snapshots.write(main().getScene(), out.resolve("snapshots.png")));
        System.exit(0);
    }

    private static boolean firstIsCurrent() throws InterruptedException {
        boolean[] current = new boolean[1];
        step(() -> {
            @SuppressWarnings("unchecked")
            var tree = (javafx.scene.control.TreeTableView<dev.wharf.inventory.Snapshots.Snapshot>) main().lookup("#snapshot-tree");
            var root = tree.getRoot();
            current[0] = root != null && !root.getChildren().isEmpty() && root.getChildren().get(0).getValue().current();
        });
        return current[0];
    }

    private static void take(String name, String description) throws InterruptedException {
        step(() -> ((Button) main().lookup("#snapshot-create")).fire());
        Thread.sleep(1000);
        step(() -> {
            DialogPane pane = dialog("snapshot-create-dialog");
            ((TextField) pane.lookup("#snapshot-name")).setText(name);
            ((TextArea) pane.lookup("#snapshot-description")).setText(description);
            Node take = pane.lookup("#snapshot-take");
            ((Button) take).fire();
        });
        Thread.sleep(12000);
    }

    private static DialogPane dialog(String id) {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p && id.equals(p.getId())) {
                return p;
            }
        }
        throw new IllegalStateException("no dialog " + id);
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
