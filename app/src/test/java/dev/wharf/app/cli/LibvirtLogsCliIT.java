package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.Main;
import dev.wharf.libvirt.PrivateLibvirtd;
import dev.wharf.libvirt.guest.TinyGuest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wharf logs} on a libvirt domain: the real command line against the private libvirtd with
 * the tiny guest running: its serial console log (the boot banner), {@code -c qemu} (libvirt's start
 * line), {@code -f} (a line written after it started: the guest forced off), and qemu+tcp refused
 * with the reason. Needs what {@link PrivateLibvirtd} needs (CI fails without it, elsewhere skipped).
 */
class LibvirtLogsCliIT {
    private static final String NAME = "wharf-it-cli-logs-" + Long.toHexString(System.nanoTime() & 0xffffff);

    private static PrivateLibvirtd libvirtd;
    private static String uri;

    @BeforeAll
    static void startGuest() {
        libvirtd = PrivateLibvirtd.get();
        uri = libvirtd.unixUri();
        libvirtd.startGuest(NAME);
    }

    @AfterAll
    static void removeGuest() {
        if (libvirtd != null) {
            libvirtd.virshQuietly("destroy", NAME);
            libvirtd.virshQuietly("undefine", NAME);
        }
    }

    @Test
    void printsTheSerialLogAndQemusLog() throws Exception {
        String target = "vm/" + uri + "/" + NAME;
        Run serial = null;
        for (long deadline = System.nanoTime() + 40_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
            serial = run("logs", "--libvirt", uri, "--tail", "200", target);
            if (serial.code != 0 || serial.out.contains(TinyGuest.BANNER)) {
                break; // booted: the banner is in the serial log
            }
        }
        assertThat(serial.code).as(serial.err).isZero();
        assertThat(serial.out).contains(TinyGuest.BANNER).doesNotContain("\r");

        Run qemu = run("logs", "--libvirt", uri, "-c", "qemu", target);
        assertThat(qemu.code).as(qemu.err).isZero();
        assertThat(qemu.out).contains("starting up").contains("guest=" + NAME);

        Run bad = run("logs", "--libvirt", uri, "-c", "compute", target);
        assertThat(bad.code).isEqualTo(1);
        assertThat(bad.err).contains("has no log compute").contains("serial, qemu");
    }

    @Test
    void followPrintsWhatIsWrittenAfterItStarted() throws Exception {
        String target = "vm/" + uri + "/" + NAME;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-100);
        Thread t = new Thread(() -> code.set(Main.run(new String[] {"logs", "--libvirt", uri, "-f", "--tail", "1", "-c",
            "qemu", target}, InputStream.nullInputStream(), print(out), print(err))), "wharf-logs-f-under-test");
        t.setDaemon(true);
        t.start();
        try {
            waitFor(() -> out.size() > 0 || code.get() != -100, 30, "the last line of the QEMU log; " + err);
            assertThat(code.get()).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(-100);
            libvirtd.virshQuietly("destroy", NAME); // libvirt writes "shutting down, reason=destroyed"
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("shutting down"), 20,
                    "the line written after -f started; got: " + out);
            assertThat(t.isAlive()).as("-f keeps following after the guest stopped").isTrue();
        } finally {
            t.interrupt();
            t.join(10_000);
            libvirtd.virshQuietly("start", NAME);
        }
    }

    @Test
    void overTcpItSaysWhy() {
        String tcp = libvirtd.tcpUri();
        Run r = run("logs", "--libvirt", tcp, "vm/" + tcp + "/" + NAME);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("libvirt has no API").contains("qemu+ssh://");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, InputStream.nullInputStream(), print(out), print(err));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void waitFor(java.util.function.BooleanSupplier ok, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s in vain for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
