package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Keys;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key press → the echoed character's pixels changed, through the whole VNC path (not a test): the
 * tiny TCG guest of the private libvirtd (root, see the fixture), its display opened with
 * {@code virDomainOpenGraphicsFD}, Wharf's RFB client. Each sample sends one key (press and
 * release, an extended key event) to the screen's shell and waits for the first complete update
 * whose framebuffer differs from before the key in a text cell's glyph rows (rows 0–12 of the 9×16
 * cells; the blinking underline cursor lives in rows 13–15, so a blink does not count). Run from the
 * repository root:
 * <pre>
 * mvn -B -q -pl connectors/libvirt -am install -DskipTests
 * mvn -B -q -pl connectors/libvirt test-compile exec:java \
 *     -Dexec.mainClass=dev.wharf.libvirt.VncLatencyBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class VncLatencyBenchmark {
    private static final int WARM_UP = 5;
    private static final int SAMPLES = 60;
    private static final Keys.Key U = new Keys.Key(Keys.forChar('u').scancode(), Keys.forChar('u').keysym());

    private VncLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrivateLibvirtd lv = PrivateLibvirtd.get();
        String name = "wharf-bench-vnc";
        lv.startGuest(name);
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE)) {
            conn.start();
            if (!conn.awaitInitialSync(Duration.ofSeconds(60))) {
                throw new IllegalStateException("no initial sync");
            }
            Item vm = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, name),
                    i -> i.consoles().contains(ConsoleType.VNC), Duration.ofSeconds(20), "up");
            ConsoleStream serial = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe probe = new ConsoleProbe();
            serial.start(probe);
            ConsoleProbe.awaitPrompt(serial, probe, Duration.ofSeconds(90));
            Thread.sleep(2000); // the screen's shell follows the serial one

            ConsoleStream vnc = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.VNC)).get(20, TimeUnit.SECONDS);
            Updates updates = new Updates();
            RfbClient client = LibvirtVncIT.rfb(vnc, RfbOptions.defaults(), updates);
            try {
                updates.awaitAny(Duration.ofSeconds(20));
                List<Long> times = new ArrayList<>();
                int onLine = 0;
                for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                    if (onLine == 40) { // keep to one line: Ctrl+U clears it
                        Keys.chord(client, Keys.CTRL_L, U);
                        Thread.sleep(500);
                        onLine = 0;
                    }
                    Thread.sleep(150 + (i * 37) % 200); // not in step with the cursor's blink
                    int[] before = client.framebuffer().snapshot().argb();
                    long t0 = System.nanoTime();
                    Keys.type(client, "x");
                    long t = updates.awaitGlyphChange(client, before, t0, Duration.ofSeconds(5));
                    onLine++;
                    if (i >= WARM_UP && t > 0) {
                        times.add(t);
                    }
                    if (t < 0) {
                        System.out.println("no echo within 5 s (sample " + i + ")");
                    }
                }
                times.sort(null);
                System.out.printf("key press -> echoed pixels over VNC (TCG guest, %d samples): median %.1f ms, "
                                + "p90 %.1f ms, min %.1f ms, max %.1f ms%n", times.size(),
                        times.get(times.size() / 2) / 1e6, times.get(times.size() * 9 / 10) / 1e6,
                        times.get(0) / 1e6, times.get(times.size() - 1) / 1e6);
                Keys.chord(client, Keys.CTRL_L, U);
            } finally {
                client.close();
                serial.close();
            }
        } finally {
            lv.virshQuietly("destroy", name);
            lv.virshQuietly("undefine", name);
        }
        System.exit(0);
    }

    /** Counts complete updates; waiters check the framebuffer after each. */
    private static final class Updates implements RfbListener {
        private long count;

        @Override
        public synchronized void onUpdateEnd() {
            count++;
            notifyAll();
        }

        synchronized void awaitAny(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count == 0 && System.nanoTime() < deadline) {
                wait(50);
            }
        }

        /** Nanoseconds from {@code t0} to the update that changed a glyph row, or -1. */
        long awaitGlyphChange(RfbClient c, int[] before, long t0, Duration timeout) throws InterruptedException {
            long deadline = t0 + timeout.toNanos();
            long seen;
            synchronized (this) {
                seen = count;
            }
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    while (count == seen && System.nanoTime() < deadline) {
                        wait(20);
                    }
                    seen = count;
                }
                long now = System.nanoTime();
                Framebuffer.Frame f = c.framebuffer().snapshot();
                if (glyphChanged(before, f)) {
                    return now - t0;
                }
            }
            return -1;
        }

        private static boolean glyphChanged(int[] before, Framebuffer.Frame f) {
            int[] now = f.argb();
            if (now.length != before.length) {
                return true;
            }
            for (int y = 0; y < f.height(); y++) {
                if (y % 16 > 12) {
                    continue;
                }
                int row = y * f.width();
                for (int x = 0; x < f.width(); x++) {
                    if (now[row + x] != before[row + x]) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
