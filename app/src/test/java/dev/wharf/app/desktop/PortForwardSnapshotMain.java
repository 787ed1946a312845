package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Item;
import dev.wharf.lab.Lab;
import dev.wharf.views.bench.Snapshots;
import dev.wharf.views.portforward.ForwardRequest;
import dev.wharf.views.portforward.PortForwardRow;
import dev.wharf.views.shell.MainWindow;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The README's screenshot of the Port-forwards list: runs the desktop against a lab of its own,
 * forwards a web pod, a redis pod, a VM and a postgres pod, sends traffic through them, deletes the
 * postgres pod (its forward says "pod gone"), then writes {@code OUTDIR/port-forward.png}.
 * Not a test; run it by hand (see views/README.md). Args: output directory, seconds to wait for the lab.
 */
public final class PortForwardSnapshotMain {
    private PortForwardSnapshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int wait = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(500)));
        Thread app = new Thread(() -> DesktopLauncher.launch(
                new SourceOptions(Optional.of(lab.kubeconfig()), List.of(), List.of(), false, false)), "desktop");
        app.setDaemon(true);
        app.start();
        Thread.sleep(wait * 1000L);
        for (int i = 0; i < 60 && !ready(); i++) {
            Thread.sleep(500);
        }
        step(() -> {
            MainWindow w = main();
            w.showTable();
            forward(w, "storefront-5d7f9c8b6-dg5hd", 8080, true);
            forward(w, "redis-0", 6379, false);
            forward(w, "legacy-erp", 22, false);
            forward(w, "postgres-0", 5432, false);
            item(w, "storefront-5d7f9c8b6-dg5hd").ifPresent(i -> w.viewModel().select(i.id()));
        });
        Thread.sleep(3000);
        List<PortForwardRow> rows = rows();
        HttpClient http = HttpClient.newHttpClient();
        for (PortForwardRow r : rows) {
            int port = r.forward().localPort();
            switch (r.forward().remotePort()) {
                case 8080 -> {
                    for (int i = 0; i < 7; i++) {
                        http.send(HttpRequest.newBuilder(URI.create(r.url())).build(), HttpResponse.BodyHandlers.ofString());
                    }
                }
                case 6379 -> echo(port, 3 * 1024 * 1024);
                case 22 -> echo(port, 48 * 1024);
                default -> echo(port, 2048);
            }
        }
        new ProcessBuilder("kubectl", "--kubeconfig", lab.kubeconfig().toString(), "-n", "shop", "delete", "pod",
                "postgres-0", "--wait=false").inheritIO().start().waitFor();
        Thread.sleep(4000);
        step(() -> Snapshots.write(main().getScene(), out.resolve("port-forward.png")));
        lab.close();
        System.exit(0);
    }

    private static Optional<Item> item(MainWindow w, String name) {
        return w.viewModel().items().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Whether the window lists the lab's pods and VM to forward to. */
    private static boolean ready() throws InterruptedException {
        boolean[] ok = {false};
        step(() -> {
            MainWindow w = main();
            ok[0] = List.of("storefront-5d7f9c8b6-dg5hd", "redis-0", "legacy-erp", "postgres-0").stream()
                    .allMatch(n -> item(w, n).isPresent());
        });
        return ok[0];
    }

    private static void forward(MainWindow w, String name, int port, boolean web) {
        Item i = item(w, name).orElseThrow(() -> new IllegalStateException("no " + name + " in the lab"));
        w.portForwards().forwards().start(i, new ForwardRequest(port, 0, ForwardRequest.LOOPBACK), web);
    }

    private static List<PortForwardRow> rows() throws InterruptedException {
        List<PortForwardRow>[] rows = new List[1];
        step(() -> rows[0] = List.copyOf(main().portForwards().forwards().rows()));
        return rows[0];
    }

    private static void echo(int port, int n) throws IOException {
        byte[] data = new byte[n];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            Thread w = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException e) {
                    // the read below fails then
                }
            });
            w.start();
            new DataInputStream(s.getInputStream()).readFully(new byte[n]);
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
