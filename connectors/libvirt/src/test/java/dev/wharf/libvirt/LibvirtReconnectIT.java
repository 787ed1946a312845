package dev.wharf.libvirt;

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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
}
