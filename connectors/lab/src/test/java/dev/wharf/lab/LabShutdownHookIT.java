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
        public static void main(String[] args) {
            Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofSeconds(1)));
            System.out.println("DIR " + lab.directory());
            System.out.flush();
            System.exit(0);
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
