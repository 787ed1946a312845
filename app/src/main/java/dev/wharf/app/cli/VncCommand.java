package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Keys;
import dev.wharf.rfb.Rect;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbException;
import dev.wharf.rfb.RfbListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf vnc TARGET}: a VM's graphical console (VNC) from scripts: one frame as PNG
 * ({@code --png}), text typed as key events ({@code --type}), or a local RFB proxy for any viewer
 * ({@code --listen}).
 */
@Command(name = "vnc", usageHelpAutoWidth = true,
        description = {"A VM's graphical console (VNC): save the screen as PNG, type text, or serve it to a VNC viewer.",
            "Exit code: 0; 1 when the display cannot be reached or refuses; 2 for bad options."})
final class VncCommand implements Callable<Integer> {
    static final long TIMEOUT_SECONDS = 30;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "vm/NAMESPACE/NAME, vm/HOST-OR-URI/NAME, or a UUID")
    Target target;

    @Option(names = "--png", paramLabel = "FILE", description = "Write one full frame of the screen to FILE (PNG) and exit.")
    Path png;

    @Option(names = "--type", paramLabel = "TEXT",
            description = "Type TEXT as key presses (US layout; \\n is Enter) and exit.")
    String type;

    @Option(names = "--listen", paramLabel = "[ADDR:]PORT",
            description = "Serve the display to VNC viewers on ADDR (default 127.0.0.1), PORT (0: any free);"
                    + " prints the port; runs until Ctrl+C.")
    String listen;

    private final Cli cli;
    private final WharfCommand root;

    VncCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws Exception {
        int modes = (png != null ? 1 : 0) + (type != null ? 1 : 0) + (listen != null ? 1 : 0);
        if (modes > 1) {
            cli.say("wharf: choose one of --png, --type and --listen");
            return 2;
        }
        if (type != null) {
            type = type.replace("\\n", "\n");
            try {
                Keys.strokes(type);
            } catch (IllegalArgumentException e) {
                cli.say("wharf: " + e.getMessage());
                return 2;
            }
        }
        InetSocketAddress bind = null;
        if (listen != null) {
            try {
                bind = listenAddress(listen);
            } catch (WharfException e) {
                cli.say("wharf: " + e.getMessage());
                return 2;
            }
        }
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            if (!item.consoles().contains(ConsoleType.VNC)) {
                throw new WharfException(label + " offers no VNC display" + (item.consoles().isEmpty()
                        ? " now (is it running?)" : "; it offers " + item.consoles().stream().map(ConsoleType::wire).toList()));
            }
            Source source = Cli.sourceOf(session, item, label);
            if (session.readOnly() && (type != null || bind != null)) { // before connecting: nothing is sent
                throw dev.wharf.inventory.ReadOnly.refusal(item.source(), type != null
                        ? "typing on the VNC display of " + label
                        : "serving the VNC display of " + label + " to other viewers (they could type)");
            }
            if (bind != null) {
                return serve(source, item, label, bind);
            }
            if (modes == 0) { // no flag: the graphical console in a window of its own
                dev.wharf.views.graphics.GraphicsWindow.showAndWait(item, source::openConsole, false);
                return 0;
            }
            ConsoleStream stream = open(source, item, label);
            if (type != null && dev.wharf.inventory.ReadOnly.isViewOnly(stream)) {
                stream.close();
                throw dev.wharf.inventory.ReadOnly.refusal(item.source(), "typing on the VNC display of " + label);
            }
            Frames frames = new Frames(label);
            CompletableFuture<ConsoleEnd> streamEnded = new CompletableFuture<>();
            RfbClient client;
            try {
                client = RfbBridge.connect(stream, frames, streamEnded::complete);
            } catch (RfbException e) {
                stream.close();
                throw new WharfException("cannot open the VNC display of " + label + ": " + e.getMessage(), e);
            }
            try {
                await(frames.first, label);
                if (png != null) {
                    Framebuffer.Frame f = client.framebuffer().snapshot();
                    writePng(f, png);
                    cli.say("wrote " + f.width() + "×" + f.height() + " screen of " + label + " to " + png);
                } else {
                    Keys.type(client, type);
                    CompletableFuture<Void> after = frames.next();
                    client.refresh();
                    await(after, label); // a round trip: the server has read the keys sent before it
                    cli.say("typed " + type.length() + " characters on " + label);
                }
            } finally {
                client.close();
                try { // the stream sends what is still queued before it ends
                    streamEnded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // ended anyway
                }
            }
            return 0;
        }
    }

    private static void await(CompletableFuture<Void> f, String label) throws InterruptedException {
        try {
            f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WharfException(WharfException.userMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("the VNC display of " + label + " sent no frame within " + TIMEOUT_SECONDS + " s");
        }
    }

    static void writePng(Framebuffer.Frame f, Path file) throws IOException {
        BufferedImage img = new BufferedImage(Math.max(1, f.width()), Math.max(1, f.height()), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, f.width(), f.height(), f.argb(), 0, f.width());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".wharf-vnc", ".png");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ConsoleStream open(Source source, Item item, String label) throws InterruptedException {
        try {
            return source.openConsole(item, ConsoleRequest.of(ConsoleType.VNC)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WharfException("cannot open the VNC display of " + label + ": "
                    + WharfException.userMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("the VNC display of " + label + " did not open within " + TIMEOUT_SECONDS
                    + " s: check that it is running, then try again");
        }
    }

    /**
     * Completes a future once a whole screen's worth of pixels arrived after it was asked for: QEMU's
     * first update may carry the desktop's size only, and incremental updates (a blinking cursor) are
     * small. Runs on the client's reader thread.
     */
    private static final class Frames implements RfbListener {
        final CompletableFuture<Void> first = new CompletableFuture<>();
        private final String label;
        private CompletableFuture<Void> waiting = first;
        private long painted;
        private long area = -1;

        Frames(String label) {
            this.label = label;
        }

        synchronized CompletableFuture<Void> next() {
            waiting = new CompletableFuture<>();
            painted = 0;
            return waiting;
        }

        @Override
        public synchronized void onInit(int width, int height, String name) {
            area = (long) width * height;
        }

        @Override
        public synchronized void onResize(int width, int height) {
            area = (long) width * height;
            painted = 0;
        }

        @Override
        public synchronized void onDamage(Rect r) {
            painted += (long) r.width() * r.height();
        }

        @Override
        public synchronized void onUpdateEnd() {
            if (painted >= area) {
                waiting.complete(null);
            }
        }

        @Override
        public synchronized void onEnd(String reason, RfbException error) {
            waiting.completeExceptionally(new WharfException("the VNC display of " + label + " ended: " + reason));
        }
    }

    static InetSocketAddress listenAddress(String spec) {
        String host = "127.0.0.1";
        String port = spec;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            host = spec.substring(0, colon).replace("[", "").replace("]", "");
            port = spec.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, p);
        } catch (NumberFormatException e) {
            throw new WharfException("--listen " + spec + ": expected [ADDR:]PORT with PORT 0–65535 (0: any free port)");
        }
    }

    /**
     * A local RFB proxy: each viewer gets its own stream to the display, bytes relayed as they are.
     * Runs until Ctrl+C (or, embedded, until its thread is interrupted: then every relay ends too).
     */
    private int serve(Source source, Item item, String label, InetSocketAddress bind) throws IOException {
        java.util.Set<Socket> viewers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            try {
                server.bind(bind);
            } catch (IOException e) {
                throw new WharfException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " ("
                        + e.getMessage() + "): choose another address or port (0: any free port)", e);
            }
            server.setSoTimeout(250);
            InetAddress a = server.getInetAddress();
            cli.out().println(server.getLocalPort());
            cli.out().flush();
            cli.err().println("Serving the VNC display of " + label + " on " + a.getHostAddress() + ":" + server.getLocalPort()
                    + " (e.g. vncviewer " + a.getHostAddress() + "::" + server.getLocalPort() + "); Ctrl+C ends");
            cli.err().flush();
            while (!Thread.currentThread().isInterrupted()) {
                Socket viewer;
                try {
                    viewer = server.accept();
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                viewers.add(viewer);
                Thread t = new Thread(() -> {
                    try {
                        relay(source, item, label, viewer);
                    } finally {
                        viewers.remove(viewer);
                    }
                }, "wharf-vnc-proxy");
                t.setDaemon(true);
                t.start();
            }
        } finally {
            viewers.forEach(VncCommand::closeQuietly);
        }
        return 0;
    }

    private void relay(Source source, Item item, String label, Socket viewer) {
        ConsoleStream stream;
        try {
            stream = open(source, item, label);
        } catch (RuntimeException | InterruptedException e) {
            cli.err().println("wharf: " + WharfException.userMessage(e));
            closeQuietly(viewer);
            return;
        }
        try {
            viewer.setTcpNoDelay(true);
            OutputStream toViewer = viewer.getOutputStream();
            stream.start(new ConsoleStream.Listener() {
                @Override
                public void onData(byte[] data) {
                    try {
                        toViewer.write(data);
                        toViewer.flush();
                    } catch (IOException e) {
                        stream.close();
                    }
                }

                @Override
                public void onEnd(ConsoleEnd end) {
                    closeQuietly(viewer);
                }
            });
            InputStream fromViewer = viewer.getInputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = fromViewer.read(buf)) > 0) {
                stream.write(java.util.Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // the viewer left
        } finally {
            stream.close();
            closeQuietly(viewer);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
