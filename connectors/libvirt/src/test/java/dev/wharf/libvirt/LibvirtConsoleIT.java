package dev.wharf.libvirt;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial console of a real guest over the unix socket, qemu+tcp and qemu+ssh; take-over; end on stop. */
class LibvirtConsoleIT {
    private static final String NAME = "wharf-it-console";
    private static PrivateLibvirtd lv;

    @BeforeAll
    static void startGuest() {
        lv = PrivateLibvirtd.get();
        lv.startGuest(NAME);
    }

    @AfterAll
    static void stopGuest() {
        if (lv != null) {
            lv.virsh("destroy", NAME);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unix", "tcp", "ssh"})
    void typesACommandAndReadsItsOutput(String transport) throws Exception {
        String uri = switch (transport) {
            case "tcp" -> lv.tcpUri();
            case "ssh" -> lv.sshUri();
            default -> lv.unixUri();
        };
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(uri, inv)) {
            Item vm = guest(inv, conn);
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL))
                    .get(20, TimeUnit.SECONDS);
            assertThat(console.description()).contains(NAME);
            ConsoleProbe probe = new ConsoleProbe();
            console.start(probe);
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(40));
            ConsoleProbe.roundTrip(console, probe, Duration.ofSeconds(10));
            // binary-safe both ways: bytes above 0x7f come back as the same bytes
            probe.clear();
            console.write("printf '\\303\\251\\377|'\r".getBytes(StandardCharsets.US_ASCII));
            probe.awaitText(new String(new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff, '|'},
                    StandardCharsets.ISO_8859_1), Duration.ofSeconds(10));
            console.close();
            console.close();
            Await.until(() -> probe.ends.size(), n -> n >= 1, Duration.ofSeconds(5), "ended");
            Thread.sleep(200);
            assertThat(probe.ends).extracting(ConsoleEnd::reason).containsExactly(ConsoleEnd.Reason.CLOSED);
            assertThatThrownBy(() -> console.write(new byte[] {'x'})).hasMessageContaining("closed");
        }
    }

    @Test
    void takesOverOnlyWithForce() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.unixUri(), inv)) {
            Item vm = guest(inv, conn);
            ConsoleStream first = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe firstProbe = new ConsoleProbe();
            first.start(firstProbe);

            assertThatThrownBy(() -> conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WharfException.class)
                    .hasMessageContaining("Another client holds the serial console of " + NAME)
                    .hasMessageContaining("force");
            assertThat(firstProbe.ends).isEmpty();

            ConsoleStream second = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true))
                    .get(20, TimeUnit.SECONDS);
            ConsoleProbe secondProbe = new ConsoleProbe();
            second.start(secondProbe);
            Await.until(() -> firstProbe.ends.size(), n -> n == 1, Duration.ofSeconds(10), "first console ended");
            assertThat(firstProbe.ends.get(0).reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
            ConsoleProbe.awaitPrompt(second, secondProbe, Duration.ofSeconds(40));
            ConsoleProbe.roundTrip(second, secondProbe, Duration.ofSeconds(10));
            second.close();
        }
    }

    @Test
    void aStoppingGuestEndsItsConsole() throws Exception {
        String name = "wharf-it-console-stop";
        lv.startGuest(name);
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.unixUri(), inv)) {
            Item vm = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, name),
                    i -> i.state() == State.RUNNING, Duration.ofSeconds(10), "running");
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe probe = new ConsoleProbe();
            console.start(probe);
            conn.perform(vm, Action.FORCE_OFF).get(20, TimeUnit.SECONDS);
            Await.until(() -> probe.ends.size(), n -> n == 1, Duration.ofSeconds(10), "console ended");
            assertThat(probe.ends.get(0).reason()).isEqualTo(ConsoleEnd.Reason.GUEST_STOPPED);
            Thread.sleep(300);
            assertThat(probe.ends).hasSize(1);
        } finally {
            lv.virsh("undefine", name);
        }
    }

    private static LibvirtConnection connect(String uri, Inventory inv) throws InterruptedException {
        LibvirtConnection conn = new LibvirtConnection(uri, inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(60)))
                .as("listed " + uri + ": " + inv.source(conn.id()).map(s -> s.message()).orElse("")).isTrue();
        return conn;
    }

    private static Item guest(Inventory inv, LibvirtConnection conn) {
        return Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, NAME),
                i -> i.consoles().contains(ConsoleType.SERIAL), Duration.ofSeconds(10), "offering a serial console");
    }
}
