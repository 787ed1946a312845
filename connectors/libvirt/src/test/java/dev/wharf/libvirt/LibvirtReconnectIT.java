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
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A daemon that dies turns the source to ERROR at once; when it is back Wharf catches up on its own. */
class LibvirtReconnectIT {

    @Test
    void aKilledDaemonIsReportedAndARestartedOneRecovered() throws Exception {
        PrivateLibvirtd lv = PrivateLibvirtd.get();
        String name = "wharf-it-reconnect";
        lv.startGuest(name);
        Inventory inv = new Inventory();
        LibvirtConnection conn = new LibvirtConnection(lv.tcpUri(), inv, CredentialPrompt.NONE);
        try {
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).isTrue();
            String vmId = Item.idOf(conn.id(), Kind.VM, null, name);
            Item vm = Await.item(inv, vmId, i -> i.consoles().contains(ConsoleType.SERIAL), Duration.ofSeconds(10), "up");
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe probe = new ConsoleProbe();
            console.start(probe);

            long killed = System.nanoTime();
            lv.killDaemon();
            SourceInfo lost = Await.source(inv, conn.id(), s -> s.status() == SourceStatus.ERROR, Duration.ofSeconds(5),
                    "in ERROR");
            System.out.printf("ERROR after %d ms: %s%n", (System.nanoTime() - killed) / 1_000_000, lost.message());
            assertThat(lost.message()).contains("Lost the connection").contains("daemon stopped").contains("reconnect");
            Item stale = inv.get(vmId).orElseThrow();
            assertThat(stale.state()).isEqualTo(State.UNKNOWN);
            assertThat(stale.stale()).isTrue();
            assertThat(stale.actions()).isEmpty();
            assertThat(inv.snapshot().items()).allMatch(Item::stale);
            Await.until(() -> probe.ends.size(), n -> n == 1, Duration.ofSeconds(10), "console ended");
            assertThat(probe.ends.get(0).reason()).isEqualTo(ConsoleEnd.Reason.CONNECTION_LOST);

            Thread.sleep(1500); // at least one failed reconnect: the message still says what was lost
            assertThat(inv.source(conn.id()).orElseThrow().message()).contains("Lost the connection")
                    .contains("reconnecting failed").contains("next try in");
            lv.restartDaemon();
            Await.source(inv, conn.id(), s -> s.status() == SourceStatus.CONNECTED, Duration.ofSeconds(40), "reconnected");
            Item live = Await.item(inv, vmId, i -> !i.stale() && i.state() == State.RUNNING, Duration.ofSeconds(5),
                    "live again");
            assertThat(live.consoles()).contains(ConsoleType.SERIAL);
            assertThat(inv.snapshot().items()).noneMatch(Item::stale);
        } finally {
            conn.close();
            lv.ensureRunning();
            lv.virshQuietly("destroy", name);
            lv.virshQuietly("undefine", name);
        }
    }

    @Test
    void aFrozenDaemonBlocksNeitherTheCallerNorAnotherSource() throws Exception {
        PrivateLibvirtd lv = PrivateLibvirtd.get();
        String name = "wharf-it-frozen";
        lv.startGuest(name);
        Inventory inv = new Inventory();
        LibvirtConnection conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE);
        LibvirtConnection other = new LibvirtConnection(TestHosts.uriOf("test-host.xml"), inv, CredentialPrompt.NONE);
        try {
            conn.start();
            other.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).isTrue();
            assertThat(other.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
            Item vm = inv.get(Item.idOf(conn.id(), Kind.VM, null, name)).orElseThrow();

            lv.freezeDaemon();
            long t0 = System.nanoTime();
            CompletableFuture<Void> pause = conn.perform(vm, Action.PAUSE);
            CompletableFuture<String> xml = conn.describe(vm);
            long callerMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(callerMs).as("the caller returned at once").isLessThan(500);
            Thread.sleep(500);
            assertThat(pause).isNotDone();

            // Another source, and libvirt's shared event loop, keep working meanwhile.
            Item web = inv.get(Item.idOf(other.id(), Kind.VM, null, "web")).orElseThrow();
            other.perform(web, Action.PAUSE).get(5, TimeUnit.SECONDS);
            Await.item(inv, web.id(), i -> i.state() == State.PAUSED, Duration.ofSeconds(5), "paused by event");

            // Keepalive (5 s x 3) notices the frozen daemon; the blocked calls fail with a message.
            SourceInfo lost = Await.source(inv, conn.id(), s -> s.status() == SourceStatus.ERROR, Duration.ofSeconds(45),
                    "in ERROR by keepalive");
            System.out.printf("frozen daemon detected after %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                    lost.message());
            assertThat(lost.message()).contains("keepalive");
            assertThatThrownBy(() -> pause.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WharfException.class).hasMessageContaining(name);
            assertThat(inv.get(vm.id()).orElseThrow().stale()).isTrue();
            xml.handle((x, e) -> null).get(10, TimeUnit.SECONDS);
        } finally {
            lv.thawDaemon();
            conn.close();
            other.close();
            lv.virshQuietly("destroy", name);
            lv.virshQuietly("undefine", name);
        }
    }
}
