package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.Main;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.PrivateLibvirtd;
import dev.wharf.libvirt.guest.TinyGuest;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf vnc} end to end: the real command line against the private libvirtd's tiny TCG guest —
 * {@code --png} writes what QEMU's own screendump shows, {@code --type} reaches the screen's shell,
 * {@code --listen} serves the display to an RFB viewer, and mistakes get one message and their exit code.
 */
class LibvirtVncCliIT {
    private static final String TAG = Long.toHexString(System.nanoTime() & 0xffffff);
    private static final String NAME = "wharf-it-vnccli-" + TAG;
    /** Runs (paused: its CPU never starts) with a serial console and no graphics. */
    private static final String PLAIN = "wharf-it-novnc-" + TAG;
    /** Runs paused with a VNC password that QEMU was told to change behind libvirt's back. */
    private static final String LOCKED = "wharf-it-vncpw-" + TAG;
    private static final Duration BOOT = Duration.ofSeconds(60);

    private static PrivateLibvirtd lv;
    private static UUID uuid;
    private static String tcp;

    @BeforeAll
    static void startGuests() throws IOException {
        lv = PrivateLibvirtd.get();
        tcp = lv.tcpUri();
        uuid = lv.startGuest(NAME);
        TinyGuest guest = TinyGuest.prepare(TinyGuest.defaultDir()).orElseThrow();
        define(guest.domainXml(PLAIN, UUID.randomUUID(), 128)
                .replaceAll("\\s*<graphics[^>]*/>", "").replaceAll("\\s*<video>.*</video>", ""));
        define(guest.domainXml(LOCKED, UUID.randomUUID(), 128)
                .replace("<graphics type='vnc'", "<graphics type='vnc' passwd='inxml123'"));
        virsh("start", "--paused", PLAIN);
        virsh("start", "--paused", LOCKED);
        virsh("qemu-monitor-command", "--hmp", LOCKED, "set_password vnc changed1");
    }

    private static void define(String xml) throws IOException {
        Path file = Files.createTempFile("wharf-vnc-cli", ".xml");
        try {
            Files.writeString(file, xml);
            virsh("define", file.toString());
        } finally {
            Files.delete(file);
        }
    }

    private static String virsh(String... args) {
        PrivateLibvirtd.Result r = lv.virshQuietly(args);
        assertThat(r.code()).as("virsh %s: %s", String.join(" ", args), r.out()).isZero();
        return r.out();
    }

    @AfterAll
    static void removeGuests() {
        if (lv != null) {
            for (String n : new String[] {NAME, PLAIN, LOCKED}) {
                lv.virshQuietly("destroy", n);
                lv.virshQuietly("undefine", n);
            }
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run wharf(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, InputStream.nullInputStream(), print(out), print(err));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    /** The guest's serial console, with its shell up (and so the screen's shell a moment later). */
    private static final class Serial implements ConsoleStream.Listener, AutoCloseable {
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private final LibvirtConnection conn;
        private final ConsoleStream stream;

        Serial() throws Exception {
            Inventory inv = new Inventory();
            conn = new LibvirtConnection(tcp, inv, CredentialPrompt.NONE);
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).isTrue();
            String id = Item.idOf(conn.id(), Kind.VM, null, NAME);
            Item item = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && (item == null || !item.consoles().contains(ConsoleType.SERIAL))) {
                item = inv.get(id).orElse(null);
                Thread.sleep(50);
            }
            assertThat(item).as(NAME + " listed").isNotNull();
            stream = conn.openConsole(item, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            stream.start(this);
            long until = System.nanoTime() + BOOT.toNanos();
            while (!text().contains(TinyGuest.PROMPT)) {
                assertThat(System.nanoTime()).as("the guest's serial prompt within %s; got %s", BOOT, text()).isLessThan(until);
                stream.write("\r".getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(1000);
            }
            Thread.sleep(1500); // the screen's shell on tty1 comes up a moment after the serial one
        }

        @Override
        public synchronized void onData(byte[] data) {
            text.writeBytes(data);
        }

        @Override
        public void onEnd(ConsoleEnd end) {
        }

        synchronized String text() {
            return text.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            stream.close();
            conn.close();
        }
    }

    @Test
    void typedTextReachesTheScreensShellAndThePngEqualsQemusScreendump(@TempDir Path dir) throws Exception {
        try (Serial serial = new Serial()) {
            // the shell on the screen runs it; only a shell turns this into 42, and its output goes to the serial port
            String command = "echo $((6*7))-typed-by-wharf-vnc >/dev/ttyS0";
            Run typed = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + NAME, "--type", command + "\\n");
            assertThat(typed.code()).as(typed.err()).isZero();
            assertThat(typed.err()).contains("typed " + (command.length() + 1) + " characters on vm/" + tcp + "/" + NAME)
                    .doesNotContain("wharf:");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!serial.text().contains("42-typed-by-wharf-vnc") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(serial.text()).as("the serial port after typing on the screen").contains("42-typed-by-wharf-vnc");
        }

        // --png over the local URI (virDomainOpenGraphicsFD), the target given by UUID
        Thread.sleep(1000); // the echo reaches the screen
        int[] diff = null;
        for (int attempt = 0; attempt < 4 && (diff == null || !withinOneCell(diff)); attempt++) {
            Path png = dir.resolve("screen-" + attempt + ".png");
            Path dump = dir.resolve("dump-" + attempt + ".png");
            Run shot = wharf("vnc", "--libvirt", lv.unixUri(), uuid.toString(), "--png", png.toString());
            assertThat(shot.code()).as(shot.err()).isZero();
            assertThat(shot.err()).contains("wrote 720×400 screen of vm/").contains(" to " + png);
            virsh("screenshot", NAME, dump.toString());
            diff = compare(ImageIO.read(png.toFile()), ImageIO.read(dump.toFile()));
        }
        assertThat(withinOneCell(diff)).as("pixels differing from virsh screenshot: %d in x %d..%d, y %d..%d"
                + " (only the blinking cursor's 9×16 cell may)", diff[0], diff[1], diff[2], diff[3], diff[4]).isTrue();
    }

    @Test
    void listenServesTheDisplayToAViewerUntilInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = new CompletableFuture<>();
        Thread t = new Thread(() -> run.complete(Main.run(new String[] {"vnc", "--libvirt", lv.unixUri(),
            uuid.toString(), "--listen", "127.0.0.1:0"}, InputStream.nullInputStream(), print(out), print(err))),
                "wharf-vnc-listen-under-test");
        t.setDaemon(true);
        t.start();
        try {
            Supplier<String> printed = () -> out.toString(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!err.toString(StandardCharsets.UTF_8).contains("Ctrl+C") && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(printed.get()).as("the port on stdout; stderr: %s", err).matches("\\d+\\R");
            int port = Integer.parseInt(printed.get().trim());
            assertThat(port).isPositive();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Serving the VNC display of vm/" + NAME + " on 127.0.0.1:" + port);

            for (int viewer = 0; viewer < 2; viewer++) { // one after the other: each gets its own stream
                try (Socket s = new Socket("127.0.0.1", port)) {
                    CompletableFuture<Void> frame = new CompletableFuture<>();
                    long[] painted = {0};
                    RfbClient c = RfbClient.connect(s.getInputStream(), s.getOutputStream(), RfbOptions.defaults(),
                            new RfbListener() {
                                @Override
                                public void onDamage(dev.wharf.rfb.Rect r) {
                                    painted[0] += (long) r.width() * r.height();
                                }

                                @Override
                                public void onUpdateEnd() {
                                    if (painted[0] >= 720 * 400) { // QEMU's first update may carry the size only
                                        frame.complete(null);
                                    }
                                }
                            });
                    try {
                        frame.get(30, TimeUnit.SECONDS);
                        Framebuffer.Frame f = c.framebuffer().snapshot();
                        assertThat(f.width()).isEqualTo(720);
                        assertThat(f.height()).isEqualTo(400);
                        long until = System.nanoTime() + BOOT.toNanos(); // this test may run while the guest boots
                        while (!showsText(f) && System.nanoTime() < until) {
                            Thread.sleep(200);
                            f = c.framebuffer().snapshot();
                        }
                        assertThat(showsText(f)).as("the proxied screen shows text").isTrue();
                    } finally {
                        c.close();
                    }
                }
            }
        } finally {
            t.interrupt();
        }
        assertThat(run.get(10, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void mistakesGetOneMessageAndTheirExitCode(@TempDir Path dir) {
        Path png = dir.resolve("x.png");
        Run none = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/nosuch-" + TAG, "--png", png.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err().lines().filter(l -> l.startsWith("wharf: ")).toList()).as(none.err())
                .singleElement().asString().contains("nosuch-" + TAG);

        Run plain = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + PLAIN, "--png", png.toString());
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err()).contains("wharf: vm/" + tcp + "/" + PLAIN + " offers no VNC display; it offers [serial]");

        Run locked = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + LOCKED, "--png", png.toString());
        assertThat(locked.code()).as(locked.err()).isEqualTo(1);
        assertThat(locked.err().lines().toList()).as(locked.err()).singleElement().asString()
                .startsWith("wharf: cannot open the VNC display of vm/" + tcp + "/" + LOCKED + ": the VNC password was refused")
                .doesNotContain("inxml123").doesNotContain("changed1");
        assertThat(png).doesNotExist();

        Run two = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + NAME, "--png", png.toString(), "--type", "x");
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err()).contains("wharf: choose one of --png, --type and --listen");
        Run badPort = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + NAME, "--listen", "127.0.0.1:99999");
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.err()).contains("wharf: --listen 127.0.0.1:99999: expected [ADDR:]PORT");
        Run badKey = wharf("vnc", "--libvirt", tcp, "vm/" + tcp + "/" + NAME, "--type", "ü");
        assertThat(badKey.code()).isEqualTo(2);
        assertThat(badKey.err()).startsWith("wharf: ");
    }

    private static boolean showsText(Framebuffer.Frame f) {
        for (int p : f.argb()) {
            if ((p & 0xFFFFFF) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean withinOneCell(int[] d) {
        return d[0] == 0 || (d[2] - d[1] < 9 && d[4] - d[3] < 16);
    }

    /** {count, minX, maxX, minY, maxY} of the pixels that differ; fails when sizes differ or the screen is black. */
    private static int[] compare(BufferedImage ours, BufferedImage theirs) {
        assertThat(ours).as("wharf wrote a PNG").isNotNull();
        assertThat(theirs).as("virsh screenshot wrote a PNG").isNotNull();
        assertThat(ours.getWidth()).isEqualTo(theirs.getWidth());
        assertThat(ours.getHeight()).isEqualTo(theirs.getHeight());
        int count = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        boolean text = false;
        for (int y = 0; y < theirs.getHeight(); y++) {
            for (int x = 0; x < theirs.getWidth(); x++) {
                int mine = ours.getRGB(x, y) & 0xFFFFFF;
                text |= mine != 0;
                if (mine != (theirs.getRGB(x, y) & 0xFFFFFF)) {
                    count++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        assertThat(text).as("the screen shows text, not just black").isTrue();
        return new int[] {count, minX, maxX, minY, maxY};
    }
}
