package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsolePassword;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Keys;
import dev.wharf.rfb.PushInputStream;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbException;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tiny guest's VNC display through Wharf's RFB client: pixels, typing, a password. */
class LibvirtVncIT {
    private static final String NAME = "wharf-it-vnc";
    private static final String LOCKED = "wharf-it-vnc-pw";
    private static final String PASSWORD = "s3cretpw";
    private static PrivateLibvirtd lv;

    @BeforeAll
    static void startGuests() throws IOException {
        lv = PrivateLibvirtd.get();
        lv.startGuest(NAME);
        Path xml = Files.createTempFile("wharf-vnc-pw", ".xml");
        Files.writeString(xml, lv.guest().domainXml(LOCKED, UUID.randomUUID(), 128)
                .replace("<graphics type='vnc'", "<graphics type='vnc' passwd='" + PASSWORD + "'"));
        lv.virsh("define", xml.toString());
        lv.virsh("start", LOCKED);
        Files.delete(xml);
    }

    @AfterAll
    static void stopGuests() {
        if (lv != null) {
            lv.virshQuietly("destroy", NAME);
            lv.virshQuietly("destroy", LOCKED);
            lv.virshQuietly("undefine", LOCKED);
        }
    }

    /** Bridges a console stream (callbacks) to the RFB client (streams). */
    static RfbClient rfb(ConsoleStream stream, RfbOptions options, RfbListener listener) throws RfbException {
        return rfb(stream, options, listener, new CompletableFuture<>());
    }

    /** As above; {@code ended} gets how the console stream ended. */
    static RfbClient rfb(ConsoleStream stream, RfbOptions options, RfbListener listener,
                         CompletableFuture<ConsoleEnd> ended) throws RfbException {
        PushInputStream in = new PushInputStream();
        stream.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                in.push(data);
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                ended.complete(end);
                in.end(null);
            }
        });
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void close() {
                stream.close();
            }
        };
        return RfbClient.connect(in, out, options, listener);
    }

    private static LibvirtConnection connect(String uri, Inventory inv) throws InterruptedException {
        LibvirtConnection c = new LibvirtConnection(uri, inv, CredentialPrompt.NONE);
        c.start();
        assertThat(c.awaitInitialSync(Duration.ofSeconds(60))).as("listed " + uri).isTrue();
        return c;
    }

    private static Item item(Inventory inv, LibvirtConnection conn, String name) {
        return Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, name),
                i -> i.consoles().contains(ConsoleType.VNC), Duration.ofSeconds(20), name + " offering a VNC console");
    }

    /** Waits for the serial shell: the guest has booted and its screen shell is up too. */
    private static ConsoleProbe serial(LibvirtConnection conn, Inventory inv) throws Exception {
        ConsoleStream serial = conn.openConsole(item(inv, conn, NAME), ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
        ConsoleProbe probe = new ConsoleProbe();
        serial.start(probe);
        ConsoleProbe.awaitPrompt(serial, probe, Duration.ofSeconds(60));
        return probe;
    }

    @Test
    void framebufferEqualsQemusScreendumpAndTypedTextReachesTheGuest() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.unixUri(), inv)) {
            ConsoleProbe serialOut = serial(conn, inv);
            ConsoleStream vnc = conn.openConsole(item(inv, conn, NAME), ConsoleRequest.of(ConsoleType.VNC)).get(20, TimeUnit.SECONDS);
            assertThat(vnc.description()).startsWith("VNC display of " + NAME);
            RfbClient client = rfb(vnc, RfbOptions.defaults(), new RfbListener() { });
            try {
                assertThat(client.extendedKeys() || waitExtendedKeys(client)).as("QEMU's extended key events").isTrue();

                // the text typed through VNC runs in the screen's shell; its output goes to the serial port
                Thread.sleep(1500); // the screen's shell is up a moment after the serial one
                serialOut.clear();
                Keys.type(client, "echo $((6*7))-over-vnc >/dev/ttyS0\n");
                serialOut.awaitText("42-over-vnc", Duration.ofSeconds(20));

                Thread.sleep(1500); // let the echo reach the screen
                int[] differing = compareWithScreendump(client);
                for (int attempt = 0; attempt < 3 && differing[0] > 0 && !withinOneCell(differing); attempt++) {
                    Thread.sleep(700);
                    differing = compareWithScreendump(client);
                }
                assertThat(differing[0] == 0 || withinOneCell(differing))
                        .as("pixels differing from QEMU's screendump: %d in box x %d..%d, y %d..%d (only the cursor's"
                                + " 9x16 cell may differ)", differing[0], differing[1], differing[2], differing[3], differing[4])
                        .isTrue();
            } finally {
                client.close();
            }
        }
    }

    /**
     * Over {@code qemu+ssh://} (the fixture's sshd on loopback, its generated key): the display is
     * reached through {@link SshGraphicsTunnel} ({@code ssh … nc HOST PORT} on the libvirt host) and
     * a full frame equals QEMU's screendump (but the cursor's cell).
     */
    @Test
    void overQemuSshTheTunnelledFramebufferEqualsTheScreendump() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.sshUri(), inv)) {
            serial(conn, inv); // booted: the screen shows the shell
            Thread.sleep(1000);
            ConsoleStream vnc = conn.openConsole(item(inv, conn, NAME), ConsoleRequest.of(ConsoleType.VNC)).get(20, TimeUnit.SECONDS);
            assertThat(vnc.description()).endsWith("(ssh tunnel)");
            RfbClient client = rfb(vnc, RfbOptions.defaults(), new RfbListener() { });
            try {
                assertThat(client.name()).as("QEMU's desktop name arrives through the tunnel").contains(NAME);
                int[] differing = compareWithScreendump(client);
                for (int attempt = 0; attempt < 5 && differing[0] > 0 && !withinOneCell(differing); attempt++) {
                    Thread.sleep(700);
                    differing = compareWithScreendump(client);
                }
                assertThat(differing[0] == 0 || withinOneCell(differing))
                        .as("pixels differing from QEMU's screendump over ssh: %d in box x %d..%d, y %d..%d",
                                differing[0], differing[1], differing[2], differing[3], differing[4])
                        .isTrue();
            } finally {
                client.close();
            }
        }
    }

    private static boolean waitExtendedKeys(RfbClient c) throws InterruptedException {
        for (int i = 0; i < 50 && !c.extendedKeys(); i++) {
            Thread.sleep(100);
        }
        return c.extendedKeys();
    }

    private static boolean withinOneCell(int[] d) {
        return d[2] - d[1] < 9 && d[4] - d[3] < 16;
    }

    /** {count, minX, maxX, minY, maxY} of the pixels where Wharf's framebuffer and {@code virsh screenshot} differ. */
    private static int[] compareWithScreendump(RfbClient client) throws Exception {
        Path png = Files.createTempFile("wharf-screendump", ".png");
        try {
            lv.virsh("screenshot", NAME, png.toString());
            Thread.sleep(300); // updates after the dump reach us
            Framebuffer.Frame ours = client.framebuffer().snapshot();
            BufferedImage dump = ImageIO.read(png.toFile());
            assertThat(dump).as("virsh screenshot wrote a PNG").isNotNull();
            assertThat(ours.width()).isEqualTo(dump.getWidth());
            assertThat(ours.height()).isEqualTo(dump.getHeight());
            int count = 0;
            int minX = Integer.MAX_VALUE, maxX = -1, minY = Integer.MAX_VALUE, maxY = -1;
            boolean anyLight = false;
            for (int y = 0; y < dump.getHeight(); y++) {
                for (int x = 0; x < dump.getWidth(); x++) {
                    int theirs = dump.getRGB(x, y) & 0xFFFFFF;
                    int mine = ours.argb()[y * ours.width() + x] & 0xFFFFFF;
                    anyLight |= mine != 0;
                    if (theirs != mine) {
                        count++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            assertThat(anyLight).as("the screen shows text, not just black").isTrue();
            return new int[] {count, minX, maxX, minY, maxY};
        } finally {
            Files.deleteIfExists(png);
        }
    }

    @Test
    void anExclusiveViewerTakesTheDisplayOverAndTheEndSaysSo() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.unixUri(), inv)) {
            ConsoleStream vnc = conn.openConsole(item(inv, conn, NAME), ConsoleRequest.of(ConsoleType.VNC)).get(20, TimeUnit.SECONDS);
            CompletableFuture<ConsoleEnd> ended = new CompletableFuture<>();
            RfbClient ours = rfb(vnc, RfbOptions.defaults(), new RfbListener() { }, ended);
            VncDisplay display = VncDisplay.parse(lv.virsh("dumpxml", NAME)).orElseThrow();
            try (Socket s = new Socket("127.0.0.1", display.port())) {
                // QEMU's default share policy (allow-exclusive) drops the other viewers for a non-shared one
                RfbClient other = RfbClient.connect(s.getInputStream(), s.getOutputStream(),
                        RfbOptions.defaults().withShared(false), null);
                ConsoleEnd end = ended.get(20, TimeUnit.SECONDS);
                assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
                assertThat(end.message()).startsWith("the VNC display of " + NAME + " closed this connection while "
                        + NAME + " runs").doesNotContain("serial");
                assertThat(end.reconnectable()).isFalse();
                other.close();
            } finally {
                ours.close();
            }
        }
    }

    @Test
    void vncPasswordFromTheSecureDefinitionAndAWrongOneRefused() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.tcpUri(), inv)) {
            ConsoleStream vnc = conn.openConsole(item(inv, conn, LOCKED), ConsoleRequest.of(ConsoleType.VNC)).get(20, TimeUnit.SECONDS);
            assertThat(vnc).isInstanceOf(ConsolePassword.class);
            RfbClient client = rfb(vnc, RfbOptions.defaults()
                    .withPassword(() -> ((ConsolePassword) vnc).vncPassword().orElse(null)), new RfbListener() { });
            assertThat(client.framebuffer().width()).isGreaterThan(0);
            client.close();

            VncDisplay display = VncDisplay.parse(lv.virsh("dumpxml", LOCKED)).orElseThrow();
            assertThat(display.password()).as("plain dumpxml hides the password").isNull();
            try (Socket s = new Socket("127.0.0.1", display.port())) {
                assertThatThrownBy(() -> RfbClient.connect(s.getInputStream(), s.getOutputStream(),
                        RfbOptions.defaults().withPassword("wrong"::toCharArray), null))
                        .isInstanceOf(RfbException.class)
                        .hasMessageStartingWith("the VNC password was refused")
                        .satisfies(e -> assertThat(((RfbException) e).kind()).isEqualTo(RfbException.Kind.AUTH_FAILED));
            }
        }
    }
}
