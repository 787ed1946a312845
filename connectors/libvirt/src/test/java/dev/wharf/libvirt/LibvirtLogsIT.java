package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.WharfException;
import dev.wharf.libvirt.guest.TinyGuest;
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

/**
 * A real tiny guest's logs through the {@link LogSource} of its host: its serial console log (what
 * was typed on the console comes back from the file), QEMU's log (the start line), following (a new
 * line arrives), read locally from the private daemon's files (in its own mount namespace) and over
 * qemu+ssh; qemu+tcp says why not.
 */
class LibvirtLogsIT {
    private static final String NAME = "wharf-it-logs";
    private static PrivateLibvirtd lv;

    @BeforeAll
    static void startGuest() {
        lv = PrivateLibvirtd.get();
        lv.startGuest(NAME);
    }

    @AfterAll
    static void stopGuest() {
        if (lv != null) {
            lv.virshQuietly("destroy", NAME);
            lv.virshQuietly("undefine", NAME);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unix", "ssh"})
    void readsAndFollowsTheSerialLogAndQemusLog(String transport) throws Exception {
        String uri = transport.equals("ssh") ? lv.sshUri() : lv.unixUri();
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(uri, inv)) {
            Item vm = guest(inv, conn);
            LogStreams streams = vm.facet(LogStreams.class).orElseThrow();
            assertThat(streams.streams()).extracting(LogStream::name).containsExactly("serial", "qemu");
            assertThat(streams.defaultStream()).isEqualTo("serial");
            LogSource logs = conn.capability(LogSource.class).orElseThrow();

            // QEMU's log: libvirt's line for this start, with the domain's name on QEMU's command line
            LogProbe qemu = read(logs, vm, LogRequest.of("qemu"));
            assertThat(qemu.ends).isEmpty();
            assertThat(qemu.text()).contains("starting up").contains("guest=" + NAME);
            assertThat(qemu.lines).anySatisfy(l -> assertThat(l.time()).isNotNull());

            // follow the serial log, then type on the console: the shell's answer arrives in the log
            LogFeed followed = logs.openLog(vm, new LogRequest(null, false, true, false, null, null, 5, false))
                    .get(20, TimeUnit.SECONDS);
            assertThat(followed.description()).contains("serial").contains(NAME);
            LogProbe live = new LogProbe();
            followed.start(live);
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true))
                    .get(20, TimeUnit.SECONDS);
            try {
                ConsoleProbe probe = new ConsoleProbe();
                console.start(probe);
                ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(40));
                long a = 1000 + (long) (Math.random() * 9000);
                long b = 1000 + (long) (Math.random() * 9000);
                console.write(("echo wharf-log-$((" + a + "*" + b + "))\r").getBytes(StandardCharsets.US_ASCII));
                String answer = "wharf-log-" + a * b;
                probe.awaitText(answer, Duration.ofSeconds(10));
                live.awaitText(answer, Duration.ofSeconds(10));
                assertThat(live.ended()).isFalse();

                // the whole serial log, not followed: the boot banner and the answer, then the end
                LogProbe all = read(logs, vm, LogRequest.of(null));
                assertThat(all.ends).isEmpty();
                assertThat(all.text()).contains(TinyGuest.BANNER).contains(answer);
                assertThat(all.texts()).noneMatch(t -> t.endsWith("\r"));
                // --tail 1: the last line only
                LogProbe last = read(logs, vm, LogRequest.of("serial").withTailLines(1));
                assertThat(last.texts()).hasSize(1);
            } finally {
                console.close();
                followed.close();
            }
            live.awaitEnd(Duration.ofSeconds(10));
            assertThat(live.ends).isEmpty();
        }
    }

    @Test
    void overTcpItSaysWhyNotAndWhatToDo() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(lv.tcpUri(), inv)) {
            Item vm = guest(inv, conn);
            LogSource logs = conn.capability(LogSource.class).orElseThrow();
            assertThatThrownBy(() -> logs.openLog(vm, LogRequest.of(null)).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WharfException.class)
                    .hasMessageContaining("libvirt has no API").hasMessageContaining("qemu+ssh://");
            assertThatThrownBy(() -> logs.openLog(vm, LogRequest.of("nope")).get(20, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("has no log nope").hasMessageContaining("serial, qemu");
        }
    }

    private static LogProbe read(LogSource logs, Item vm, LogRequest r) throws Exception {
        LogFeed feed = logs.openLog(vm, r).get(20, TimeUnit.SECONDS);
        LogProbe p = new LogProbe();
        feed.start(p);
        p.awaitEnd(Duration.ofSeconds(20));
        return p;
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
