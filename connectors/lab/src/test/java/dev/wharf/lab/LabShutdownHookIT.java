package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that exits without closing its lab leaves nothing behind (the shutdown hook). */
class LabShutdownHookIT {

    /** Started in a child JVM: starts a lab, prints its directory, exits without closing it. */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            Lab.LibvirtMode mode = args.length > 0 ? Lab.LibvirtMode.valueOf(args[0]) : Lab.LibvirtMode.NONE;
            Lab lab = Lab.start(new Lab.Options(mode, 1, Duration.ofSeconds(1)));
            System.out.println("URIS " + lab.libvirtUris());
            System.out.println("DIR " + lab.directory());
            System.out.flush();
            if (args.length > 1 && args[1].equals("wait")) {
                Thread.sleep(600_000);
            }
            System.exit(0);
        }
    }

    /** Starts the probe; answers it once it printed its directory. */
    private static Process probe(Path log, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("DIR ") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return p;
    }

    private static Path dirOf(Path log) throws Exception {
        String out = Files.readString(log);
        String line = out.lines().filter(l -> l.startsWith("DIR ")).findFirst().orElseThrow(
                () -> new AssertionError("the probe printed no directory: " + out));
        return Path.of(line.substring(4).strip());
    }

    @Test
    void aSigtermedLabWithRealGuestsLeavesNothing() throws Exception {
        LabTesting.requireLibvirt();
        LabLibvirtIT.requireQemuAndKernel();
        Path log = Files.createTempFile("lab-probe", ".log");
        try {
            Process p = probe(log, "EMBEDDED_QEMU", "wait");
            Path dir = dirOf(log);
            assertThat(Files.readString(log)).contains("URIS [qemu:///system?socket=");
            List<LabProcess> started = LabDirs.recorded(dir);
            assertThat(started).as("daemon and guest recorded").hasSize(2);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the lab's JVM ended on SIGTERM").isTrue();
            assertThat(dir).as("no directory left behind (no run/qemu)").doesNotExist();
            assertThat(started).as("its daemon and guest ended").noneMatch(LabProcess::running);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aLabStartedRightAfterOneWasKilledCleansItsLeftovers() throws Exception {
        Path log = Files.createTempFile("lab-probe", ".log");
        try {
            Process p = probe(log, "NONE", "wait");
            Path dir = dirOf(log);
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            p.waitFor(30, TimeUnit.SECONDS);
            assertThat(dir).isDirectory();
            Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
            lab.close();
            assertThat(dir).as("the killed lab's directory").doesNotExist();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void exitingTheJvmWithoutCloseRemovesTheLab() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("lab-probe", ".log");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Probe.class.getName())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        assertThat(exited).as("the probe JVM exited: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("DIR ")).findFirst().orElseThrow(
                () -> new AssertionError("the probe printed no directory: " + out));
        Path dir = Path.of(line.substring(4).strip());
        assertThat(dir.startsWith(LabDirs.base())).isTrue();
        assertThat(Files.exists(dir)).as("%s removed at JVM exit", dir).isFalse();
    }
}
