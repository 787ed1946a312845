package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf} with no command on a machine without a display (an ssh session, a container)
 * says so in one line and exits 1 at once — it used to print the line and then hang forever.
 * Runs the launcher in a child JVM: this test JVM has a (headless) toolkit already.
 */
class NoDisplayTest {

    @Test
    void withoutADisplayTheDesktopSaysSoAndExits(@TempDir Path home) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Duser.home=" + home, "-Djava.awt.headless=true",
                // the distribution's logging, not the libvirt test-jar's logback-test.xml on this class path
                "-Dlogback.configurationFile=logback.xml", "dev.wharf.app.Main")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        // nothing configured: Wharf would open the lab in the window
        pb.environment().remove("KUBECONFIG");
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process p = pb.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        List<String> out = Files.readAllLines(home.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(ended).as("the launcher ended by itself; output: %s", out).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("wharf: cannot open a window")
                .contains("wharf --help"));
        assertThat(out).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
        assertThat(out).noneMatch(l -> l.contains("Unsupported JavaFX configuration"));
    }
}
