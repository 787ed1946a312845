package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code wharf} with no command on a machine that has a display but no GTK 3 says what to install,
 * in one line, and exits 1. The launcher runs in a child JVM under Xvfb; where GTK is installed it
 * is hidden from that child alone: a private mount namespace ({@code unshare -m}) with
 * {@code /dev/null} bound over {@code libgtk-3.so.0}, so loading it fails as on a machine without it;
 * the same for {@code libXtst.so.6}, which JavaFX's {@code libglassgtk3.so} links (not a GTK dependency).
 */
class NoGtkIT {
    private static final List<String> LIB_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu");

    @ParameterizedTest
    @ValueSource(strings = {"libgtk-3.so.0", "libXtst.so.6"})
    void withoutGtkTheDesktopSaysWhatToInstallAndExits(String library, @TempDir Path home) throws Exception {
        needs("xvfb-run", "xvfb-run (apt install xvfb)", "xvfb-run", "-a", "true");
        Optional<Path> present = installed(library);
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a"));
        if (present.isPresent()) {
            List<String> unshare = isRoot() ? List.of("unshare", "-m") : List.of("unshare", "-r", "-m");
            List<String> probe = new ArrayList<>(unshare);
            probe.addAll(List.of("sh", "-c", "mount --bind /dev/null \"$0\"", present.get().toString()));
            needs("a private mount namespace", "cannot hide GTK from a child process here (unshare -m not permitted)",
                    probe.toArray(String[]::new));
            cmd.addAll(unshare);
            cmd.addAll(List.of("sh", "-c", "mount --bind /dev/null \"$0\" && exec \"$@\"", present.get().toString()));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "-Duser.home=" + home,
                "-Djava.awt.headless=true", "dev.wharf.app.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("KUBECONFIG"); // nothing configured: Wharf would open the lab in the window
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process p = pb.start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        List<String> out = Files.readAllLines(home.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(ended).as("the launcher ended by itself; output: %s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; output: %s", out).isEqualTo(1);
        assertThat(out).contains("wharf: cannot open a window: JavaFX needs GTK 3 (Debian/Ubuntu: sudo apt install"
                + " libgtk-3-0 libxtst6; Fedora: sudo dnf install gtk3 libXtst). Use the command line instead: wharf --help");
        assertThat(out).noneMatch(l -> l.contains("Exception") || l.contains("Error") || l.startsWith("\tat "));
    }

    private static Optional<Path> installed(String library) throws IOException {
        for (String dir : LIB_DIRS) {
            Path lib = Path.of(dir, library);
            if (Files.exists(lib)) {
                return Optional.of(lib.toRealPath());
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code probe}; when it fails: skipped with the reason here, a failure in CI. */
    private static void needs(String what, String reason, String... probe) throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            ok = false;
        }
        if (!ok) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(what + " is required in CI: " + reason);
            }
            Assumptions.abort(reason);
        }
    }
}
