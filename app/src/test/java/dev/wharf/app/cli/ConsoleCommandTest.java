package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.KATA;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.STOPPED_VM;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.SourceType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleCommandTest {
    private final CliHarness cli = new CliHarness();
    private final FakeConsole console = new FakeConsole();
    private final FakeSource prod = cli.source(SourceType.KUBERNETES, "prod").with(NODE, VM, KATA, STOPPED_VM);

    {
        prod.console = console;
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytesGoBothWaysAndCtrlRightBracketLeaves() {
        cli.in = bytes("root\r" + "ls\r" + "\u001d" + "never sent");
        assertThat(cli.run("console", "vm/prod/db")).isZero();
        assertThat(console.received()).isEqualTo("root\rls\r");
        assertThat(cli.out()).startsWith("login: echo:root\rls\r").doesNotContain("never");
        assertThat(cli.errLines().get(0)).isEqualTo("Connected to serial console of db");
        assertThat(cli.errLines().get(1)).startsWith("Escape character is ^]");
        assertThat(console.closed).isTrue();
        assertThat(prod.consoleRequests).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(ConsoleType.SERIAL);
            assertThat(r.force()).isFalse();
        });
    }

    @Test
    void keystrokesArriveAsTheyAreTyped() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        cli.in = new PipedInputStream(keyboard);
        Thread t = new Thread(() -> cli.run("console", "--force", "vm/prod/db"));
        t.start();
        keyboard.write("a".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        CliTest.waitFor(() -> cli.out().contains("echo:a"));
        keyboard.write(new byte[] {'b', 0x1d});
        keyboard.flush();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(console.received()).isEqualTo("ab");
        assertThat(prod.consoleRequests.get(0).force()).isTrue();
    }

    @Test
    void aPodGetsAShellAndItsExitCodeIsOurs() {
        console.endOn = "exit 3\n";
        console.endWith = new ConsoleEnd(ConsoleEnd.Reason.EXITED, "exited", 3);
        cli.in = bytes("exit 3\n");
        assertThat(cli.run("console", "pod/default/kata-1")).isEqualTo(3);
        assertThat(prod.consoleRequests.get(0).type()).isEqualTo(ConsoleType.EXEC);
        assertThat(prod.consoleRequests.get(0).command()).isEmpty();
    }

    @Test
    void attachAndACommandAreHandedOver() {
        cli.in = bytes("\u001d");
        assertThat(cli.run("console", "pod/default/kata-1", "-c", "app", "--", "ls", "-l")).isZero();
        assertThat(prod.consoleRequests.get(0).command()).containsExactly("ls", "-l");
        assertThat(prod.consoleRequests.get(0).container()).isEqualTo("app");
        CliHarness other = new CliHarness();
        other.source(SourceType.KUBERNETES, "prod").with(KATA);
        other.in = bytes("");
        assertThat(other.run("console", "--attach", "pod/default/kata-1")).isEqualTo(1);
        assertThat(other.errLines()).singleElement().asString()
                .startsWith("wharf: pod/default/kata-1 offers no attach console; it offers [exec]");
    }

    @Test
    void theGuestEndingTheStreamIsANormalEnd() {
        console.endOn = "poweroff\r";
        console.endWith = ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "the guest powered off");
        cli.in = bytes("poweroff\r");
        assertThat(cli.run("console", "vm/prod/db")).isZero();
        assertThat(cli.errLines()).contains("wharf: console of vm/prod/db ended: the guest powered off");
    }

    @Test
    void aLostConnectionIsAFailure() {
        console.endOn = "x";
        console.endWith = ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the API server went away");
        cli.in = bytes("x");
        assertThat(cli.run("console", "vm/prod/db")).isEqualTo(1);
        assertThat(cli.errLines()).contains("wharf: console of vm/prod/db lost: the API server went away");
    }

    @Test
    void aStoppedVmOffersNoConsole() {
        assertThat(cli.run("console", "vm/prod/cache")).isEqualTo(1);
        assertThat(cli.errLines()).isEqualTo(List.of(
                "wharf: vm/prod/cache is stopped: it offers no console until it runs (start it first: "
                        + "wharf act start vm/prod/cache)"));
    }

    @Test
    void aNodeSaysItOffersNoConsoleRatherThanStartItFirst() {
        assertThat(cli.run("console", "node/" + NODE.name())).isEqualTo(1);
        assertThat(cli.errLines()).isEqualTo(List.of("wharf: node/" + NODE.name() + " is a node: it offers no console"
                + " (consoles are on VMs, microVMs and pods: wharf ls lists them)"));
    }
}
