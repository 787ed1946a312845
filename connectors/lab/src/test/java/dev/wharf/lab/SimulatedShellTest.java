package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedShellTest {

    static final Instant BOOT = Instant.parse("2025-01-01T00:00:00Z");
    final SimulatedShell shell = new SimulatedShell(new SimulatedShell.Host("vm-1", "6.1.0-28-cloud-amd64", "#1 SMP",
            "Debian GNU/Linux 12 (bookworm)", BOOT, List.of("notes.txt")), "root");

    @Test
    void answersTheBasics() {
        Instant now = BOOT.plusSeconds(3 * 86400 + 3600 + 120);
        assertThat(shell.run("uname -a", now).output()).isEqualTo("Linux vm-1 6.1.0-28-cloud-amd64 #1 SMP x86_64 GNU/Linux\r\n");
        assertThat(shell.run("hostname", now).output()).isEqualTo("vm-1\r\n");
        assertThat(shell.run("echo 'a  b' c", now).output()).isEqualTo("a  b c\r\n");
        assertThat(shell.run("ls", now).output()).isEqualTo("notes.txt\r\n");
        assertThat(shell.run("uptime", now).output()).contains("up 3 days,  1:02");
        assertThat(shell.run("nope", now).exitCode()).isEqualTo(127);
        assertThat(shell.run("exit", now).exit()).isTrue();
    }

    @Test
    void semicolonsSeparateCommandsAndAndAndStopsAtAFailure() {
        Instant now = BOOT.plusSeconds(60);
        assertThat(shell.run("hostname; uname -r", now).output()).isEqualTo("vm-1\r\n6.1.0-28-cloud-amd64\r\n");
        assertThat(shell.run("echo 'a;b' ; echo c", now).output()).as("a quoted ; is text").isEqualTo("a;b\r\nc\r\n");
        SimulatedShell.Result r = shell.run("false && echo no; nope", now);
        assertThat(r.output()).isEqualTo("-sh: nope: not found\r\n");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(shell.run("true && echo yes", now).output()).isEqualTo("yes\r\n");
        assertThat(shell.run("echo bye; exit; echo never", now)).satisfies(x -> {
            assertThat(x.exit()).isTrue();
            assertThat(x.output()).isEqualTo("bye\r\n");
        });
    }

    @Test
    void lineDisciplineEchoesErasesAndEndsLinesOnce() {
        StringBuilder echo = new StringBuilder();
        List<String> lines = new ArrayList<>();
        LineDiscipline d = new LineDiscipline(new LineDiscipline.Sink() {
            @Override
            public void echo(byte[] bytes) {
                echo.append(new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public void line(String line) {
                lines.add(line);
            }

            @Override
            public void interrupt() {
                lines.add("^C");
            }

            @Override
            public void endOfFile() {
                lines.add("EOF");
            }
        });
        d.input("lsx\u007f -l\r\nüb\bber\n\u001b[Aok\u0003\u0004".getBytes(StandardCharsets.UTF_8));
        assertThat(lines).containsExactly("ls -l", "über", "^C", "EOF");
        assertThat(echo.toString()).startsWith("lsx\b \b -l\r\n");
    }
}
