package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots of a real tiny guest with a qcow2 disk: taken with memory while it runs, a file made in
 * the guest afterwards is gone after the revert; a tree deleted with its children; a raw disk refused
 * with the reason.
 */
class LibvirtSnapshotsIT {
    private static final String NAME = "wharf-it-snap";
    private static final String RAW = "wharf-it-snap-raw";
    private static PrivateLibvirtd lv;

    @BeforeAll
    static void startGuests() {
        lv = PrivateLibvirtd.get();
        lv.startGuest(NAME, "qcow2");
        lv.startGuest(RAW, "raw");
        lv.virsh("destroy", RAW); // shut off is enough to be refused
    }

    @AfterAll
    static void stopGuests() {
        if (lv != null) {
            lv.virshQuietly("destroy", NAME);
            lv.virshQuietly("snapshot-delete", NAME, "--current", "--children");
        }
    }

    @Test
    void revertBringsBackTheGuestAsItWasAndDeleteTakesTheChildren() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(inv)) {
            Snapshots snaps = conn.capability(Snapshots.class).orElseThrow();
            Item vm = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, NAME), i -> i.state() == State.RUNNING,
                    Duration.ofSeconds(10), "running");
            assertThat(snaps.covers(vm)).isTrue();
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe probe = new ConsoleProbe();
            console.start(probe);
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(40));
            assertThat(snaps.list(vm).get(10, TimeUnit.SECONDS).memory()).as("running: memory offered").isTrue();

            snaps.create(vm, "before", "before the marker", true).get(60, TimeUnit.SECONDS);
            type(console, probe, "touch /tmp/marker", null);
            type(console, probe, "test -e /tmp/marker && echo mark-$((6*7))-yes || echo mark-$((6*7))-no", "mark-42-yes");

            snaps.revert(vm, "before").get(60, TimeUnit.SECONDS);
            // the revert restarts QEMU from the saved state: its console is a new one
            console.close();
            console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true)).get(20, TimeUnit.SECONDS);
            probe = new ConsoleProbe();
            console.start(probe);
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(20));
            type(console, probe, "test -e /tmp/marker && echo mark-$((6*7))-yes || echo mark-$((6*7))-no", "mark-42-no");
            assertThat(lv.virsh("domstate", NAME)).contains("running");

            snaps.create(vm, "after", "", true).get(60, TimeUnit.SECONDS);
            Snapshots.Listing l = snaps.list(vm).get(10, TimeUnit.SECONDS);
            assertThat(l.unavailable()).isNull();
            assertThat(l.snapshots()).extracting(Snapshots.Snapshot::name).containsExactly("before", "after");
            Snapshots.Snapshot before = l.find("before").orElseThrow();
            assertThat(before.description()).isEqualTo("before the marker");
            assertThat(before.state()).isEqualTo("running");
            assertThat(before.memory()).isTrue();
            assertThat(before.created()).isNotNull();
            assertThat(l.find("after").orElseThrow().parent()).isEqualTo("before");
            assertThat(l.find("after").orElseThrow().current()).isTrue();
            assertThat(before.current()).isFalse();
            assertThat(l.children(null)).extracting(Snapshots.Snapshot::name).containsExactly("before");

            assertThatThrownBy(() -> snaps.create(vm, "after", "", true).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("already has a snapshot named after");
            assertThatThrownBy(() -> snaps.create(vm, "disk", "", false).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("shut " + NAME + " off first");

            // alone: its child hangs from its parent; with children: the whole subtree
            snaps.create(vm, "third", "", true).get(60, TimeUnit.SECONDS);
            snaps.delete(vm, "after", false).get(60, TimeUnit.SECONDS);
            l = snaps.list(vm).get(10, TimeUnit.SECONDS);
            assertThat(l.snapshots()).extracting(Snapshots.Snapshot::name).containsExactly("before", "third");
            assertThat(l.find("third").orElseThrow().parent()).isEqualTo("before");
            snaps.delete(vm, "before", true).get(60, TimeUnit.SECONDS);
            assertThat(snaps.list(vm).get(10, TimeUnit.SECONDS).snapshots()).isEmpty();
            assertThat(lv.virsh("snapshot-list", NAME, "--name").strip()).isEmpty();
            console.close();

            // shut off: disks only, and a revert leaves it shut off
            lv.virsh("destroy", NAME);
            Item off = Await.item(inv, vm.id(), i -> i.state() == State.STOPPED, Duration.ofSeconds(10), "stopped");
            assertThat(snaps.list(off).get(10, TimeUnit.SECONDS).memory()).isFalse();
            assertThatThrownBy(() -> snaps.create(off, "mem", "", true).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("shut off: there is no memory to keep");
            snaps.create(off, "cold", "", false).get(60, TimeUnit.SECONDS);
            Snapshots.Snapshot cold = snaps.list(off).get(10, TimeUnit.SECONDS).find("cold").orElseThrow();
            assertThat(cold.state()).isEqualTo("shut off");
            assertThat(cold.memory()).isFalse();
            snaps.revert(off, "cold").get(60, TimeUnit.SECONDS);
            assertThat(lv.virsh("domstate", NAME)).contains("shut off");
            snaps.delete(off, "cold", false).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRawDiskSaysWhyNot() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = connect(inv)) {
            Snapshots snaps = conn.capability(Snapshots.class).orElseThrow();
            Item vm = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, RAW), i -> true, Duration.ofSeconds(10), "listed");
            Snapshots.Listing l = snaps.list(vm).get(10, TimeUnit.SECONDS);
            assertThat(l.unavailable()).contains(RAW + " cannot be snapshotted").contains("vda (raw)").contains("qcow2");
            assertThatThrownBy(() -> snaps.create(vm, "s1", "", false).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("vda (raw) is not qcow2");
            assertThat(lv.virsh("snapshot-list", RAW, "--name").strip()).isEmpty();
        }
    }

    /** Types {@code command}; waits for {@code expect} (computed by the shell, so not the echo of the line) if given. */
    private static void type(ConsoleStream console, ConsoleProbe probe, String command, String expect) throws Exception {
        probe.clear();
        console.write((command + "\r").getBytes(StandardCharsets.US_ASCII));
        if (expect != null) {
            probe.awaitText(expect, Duration.ofSeconds(15));
        } else {
            probe.awaitText(command, Duration.ofSeconds(10));
            Thread.sleep(300);
        }
    }

    private static LibvirtConnection connect(Inventory inv) throws InterruptedException {
        LibvirtConnection conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).isTrue();
        return conn;
    }
}
