package dev.wharf.app.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.libvirt.PrivateLibvirtd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Faults, through the real entry point in a new JVM: the libvirt daemon killed under a watch and
 * under a one-shot {@code ls}, a guest's QEMU killed under a console (the shared private libvirtd
 * and tiny guest of the libvirt test-jar), and the lab's own: Ctrl+C during {@code ls --lab},
 * {@code --debug} output, a second client of a running lab's libvirt daemon. Each asserts the exit
 * code, the one line and a (generous) time bound.
 */
class CliFaultsIT {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @Test
    void aKilledDaemonIsReportedUnderAWatchAndItsRecoveryToo() throws Exception {
        PrivateLibvirtd libvirtd = PrivateLibvirtd.get();
        libvirtd.ensureRunning();
        String uri = libvirtd.tcpUri();
        CliProcess.Result[] whileDead = new CliProcess.Result[1];
        CliProcess.Result watch = CliProcess.wharf("ls", "--watch", "--libvirt", uri).run(BOUND, (p, out, err) -> {
            assertThat(CliProcess.await(BOUND, () -> out.get().startsWith("NAME"))).as("the table: %s", err.get()).isTrue();
            libvirtd.killDaemon();
            try {
                assertThat(CliProcess.await(Duration.ofSeconds(60), () -> err.get().contains("Lost the connection")))
                        .as("the watch says the daemon went away: %s", err.get()).isTrue();
                // meanwhile a one-shot ls against the dead daemon: one line, exit 1
                whileDead[0] = CliProcess.wharf("ls", "--libvirt", uri).run(BOUND);
            } finally {
                libvirtd.restartDaemon();
            }
            assertThat(CliProcess.await(Duration.ofSeconds(90), () -> err.get().contains("connected again")))
                    .as("the watch says it is back: %s", err.get()).isTrue();
            p.destroy(); // SIGTERM, as Ctrl+C
        });
        assertThat(watch.errLines()).as(watch.err()).hasSize(2);
        assertThat(watch.errLines().get(0)).startsWith("wharf: libvirt ").contains("Lost the connection to " + uri);
        assertThat(watch.errLines().get(1)).startsWith("wharf: libvirt ").endsWith(": connected again");
        assertThat(watch.out()).contains("unknown*").as("stale rows while it was away");

        CliProcess.Result dead = whileDead[0];
        assertThat(dead.code()).as(dead.err()).isEqualTo(1);
        assertThat(dead.errLines()).singleElement().asString()
                .startsWith("wharf: libvirt " + uri + ": Cannot connect to " + uri + ": ")
                .contains("Connection refused");
        assertThat(dead.took()).isLessThan(BOUND);
    }

    @Test
    void aConsoleWhoseGuestsQemuIsKilledSaysSoAndExitsOne() throws Exception {
        PrivateLibvirtd libvirtd = PrivateLibvirtd.get();
        libvirtd.ensureRunning();
        String name = "wharf-badinput-" + Long.toHexString(System.nanoTime() & 0xffffff);
        libvirtd.startGuest(name);
        try {
            String target = "vm/" + libvirtd.tcpUri() + "/" + name;
            CliProcess.Result r = CliProcess.wharf("console", target, "--libvirt", libvirtd.tcpUri()).stdinOpen()
                    .run(BOUND, (p, out, err) -> {
                        assertThat(CliProcess.await(BOUND, () -> err.get().contains("Connected to")))
                                .as("connected: %s", err.get()).isTrue();
                        long qemu = qemuOf(name).orElseThrow(() -> new AssertionError("no QEMU for " + name));
                        ProcessHandle.of(qemu).ifPresent(ProcessHandle::destroyForcibly);
                    });
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.took()).isLessThan(BOUND);
            assertThat(r.errLines()).last().asString().startsWith("wharf: console of " + target + " ended: " + name
                    + " went away: its QEMU process ended unexpectedly");
        } finally {
            libvirtd.virshQuietly("destroy", name);
            libvirtd.virshQuietly("undefine", name);
        }
    }

    /** The pid of the QEMU running guest {@code name}. */
    private static Optional<Long> qemuOf(String name) throws Exception {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains("qemu-system") && cmd.contains("guest=" + name + ",")) {
                        return Optional.of(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (Exception e) {
                    // gone
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void ctrlCDuringLsLabLeavesNoLabDirectory() throws Exception {
        for (Duration after : List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))) {
            long[] pid = new long[1];
            CliProcess.Result r = CliProcess.wharf("ls", "--lab").run(BOUND, (p, out, err) -> {
                pid[0] = p.pid();
                assertThat(CliProcess.await(BOUND, () -> !labDirsOf(p.pid()).isEmpty())).as("the lab started").isTrue();
                Thread.sleep(after.toMillis());
                new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            });
            assertThat(r.took()).isLessThan(BOUND);
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
            assertThat(labDirsOf(pid[0])).as("Ctrl+C %s after the lab's directory appeared", after).isEmpty();
        }
    }

    private static List<Path> labDirsOf(long pid) {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "wharf-lab");
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("lab-" + pid + "-")).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    @Test
    void debugOutputHasNoCertificateFlood() throws Exception {
        CliProcess.Result r = CliProcess.wharf("ls", "--lab", "-o", "json", "--debug").run(BOUND);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).as("DEBUG lines of Wharf and its clients").contains("DEBUG");
        assertThat(r.err().lines().filter(l -> l.contains("X509Certificate"))).as("certificate lines").isEmpty();
        assertThat(r.err().lines().filter(l -> l.contains("KubernetesCrudDispatcher")
                || l.contains("KubernetesAttributesExtractor"))).as("the lab's mock server's lines").isEmpty();
    }

    @Test
    void aRunningLabsLibvirtUriWorksForAnotherWharfAndVirsh() throws Exception {
        String[] uri = new String[1];
        CliProcess.Result[] second = new CliProcess.Result[1];
        String[] virsh = new String[1];
        CliProcess.Result lab = CliProcess.wharf("lab").stdinOpen().run(Duration.ofSeconds(240), (p, out, err) -> {
            Pattern line = Pattern.compile("(?m)^  uri: (\\S+)$");
            assertThat(CliProcess.await(BOUND, () -> line.matcher(out.get()).find() || !p.isAlive()))
                    .as("the lab prints its libvirt URI: %s %s", out.get(), err.get()).isTrue();
            Matcher m = line.matcher(out.get());
            assertThat(m.find()).as(out.get() + err.get()).isTrue();
            uri[0] = m.group(1);
            second[0] = CliProcess.wharf("ls", "--libvirt", uri[0]).run(BOUND);
            Process v = new ProcessBuilder("virsh", "-c", uri[0], "list", "--all").redirectErrorStream(true).start();
            virsh[0] = new String(v.getInputStream().readAllBytes());
            v.waitFor();
            p.destroy(); // SIGTERM
        });
        assertThat(uri[0]).as("the lab's own daemon, not the embedded driver").startsWith("qemu:///system?socket=")
                .doesNotContain("embed");
        assertThat(lab.out()).contains("virsh -c 'qemu:///system?socket=");
        assertThat(second[0].code()).as(second[0].err()).isZero();
        assertThat(second[0].out()).containsPattern("worker-01 +- +vm +running");
        assertThat(virsh[0]).contains("worker-01", "running");
    }
}
