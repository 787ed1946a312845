package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.shell.MainWindow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The README's multi-select and read-only screenshots of the real window on the lab (run under
 * Xvfb; a snapshot of the window's scene). Not a test. Args: output directory,
 * {@code multi} (several VMs and microVMs selected: the details' summary, the bulk actions) or
 * {@code readonly} (the session with {@code --read-only}: READ-ONLY on the sources and the
 * selection, no action), seconds to wait at most for the lab (default 240).
 */
public final class BulkSnapshotMain {
    private BulkSnapshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        boolean readOnly = args.length > 1 && args[1].equals("readonly");
        int wait = args.length > 2 ? Integer.parseInt(args[2]) : 240;
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.empty(), List.of(), List.of(), true, false, readOnly)), "desktop");
        app.setDaemon(true);
        app.start();
        long deadline = System.nanoTime() + wait * 1_000_000_000L;
        boolean[] there = {false};
        while (!there[0] && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            try {
                Platform.runLater(() -> { });
            } catch (IllegalStateException notYet) {
                continue;
            }
            step(() -> there[0] = Window.getWindows().stream().anyMatch(x -> x.getScene() != null
                    && x.getScene().getRoot() instanceof MainWindow m
                    && m.viewModel().items().stream().filter(i -> i.kind() == Kind.VM).count() >= 3
                    && m.viewModel().items().stream().anyMatch(i -> i.kind() == Kind.HOST)));
        }
        Thread.sleep(6000); // the first fit and the remaining sources
        for (int attempt = 0; attempt < 6; attempt++) {
            step(() -> {
                MainWindow w = main();
                if (readOnly) {
                    w.viewModel().items().stream().filter(i -> i.kind() == Kind.VM && i.source().startsWith("k8s:"))
                            .findFirst().ifPresent(i -> w.viewModel().select(i.id()));
                } else {
                    List<String> ids = w.viewModel().visibleItems().stream()
                            .filter(i -> i.kind() == Kind.VM && i.source().startsWith("k8s:")
                                    && i.state() == dev.wharf.inventory.State.RUNNING).map(Item::id).limit(5).toList();
                    w.viewModel().selection().selectAll(ids, ids.get(0));
                }
            });
            Thread.sleep(2500);
        }
        Thread.sleep(3000);
        shoot(out.resolve(readOnly ? "read-only.png" : "multi-select.png"));
        System.exit(0);
    }

    /** The window's scene as a PNG (no ImageMagick needed): the pixels of one snapshot. */
    private static void shoot(Path png) throws Exception {
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        step(() -> img[0] = main().getScene().snapshot(null));
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img[0].getPixelReader().getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            b.setRGB(0, y, w, 1, row, 0, w);
        }
        javax.imageio.ImageIO.write(b, "png", png.toFile());
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
