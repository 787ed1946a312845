package dev.wharf.libvirt;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing, every action and the events that follow, on a real TCG guest through a private libvirtd. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtConnectionIT {
    private static final Duration EVENT = Duration.ofSeconds(15);
    private static final String NAME = "wharf-it-actions";
    private static PrivateLibvirtd lv;
    private static UUID uuid;
    private static Inventory inv;
    private static LibvirtConnection conn;
    private static String vmId;

    @BeforeAll
    static void startGuest() throws InterruptedException {
        lv = PrivateLibvirtd.get();
        uuid = lv.startGuest(NAME);
        inv = new Inventory();
        conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).as("initial sync").isTrue();
        vmId = Item.idOf(conn.id(), Kind.VM, null, NAME);
    }

    @AfterAll
    static void stop() {
        if (conn != null) {
            conn.close();
        }
    }

    @Test
    @Order(1)
    void listsTheHostAndTheRunningGuest() {
        assertThat(inv.source(conn.id()).orElseThrow().status()).isEqualTo(SourceStatus.CONNECTED);
        List<Item> hosts = inv.snapshot().items().stream().filter(i -> i.kind() == Kind.HOST).toList();
        assertThat(hosts).hasSize(1);
        Item host = hosts.get(0);
        assertThat(host.uuid()).isNull();
        assertThat(host.source()).isEqualTo("libvirt:" + lv.unixUri());
        assertThat(host.properties().get("Hypervisor")).startsWith("QEMU 7.");
        assertThat(Integer.parseInt(host.properties().get("CPUs"))).isPositive();
        assertThat(host.properties().get("Memory")).matches("\\d+ (MiB|GiB)");

        Item vm = inv.get(vmId).orElseThrow();
        assertThat(vm.kind()).isEqualTo(Kind.VM);
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.status()).isEqualTo("running (booted)");
        assertThat(vm.uuid()).isEqualTo(uuid.toString());
        assertThat(vm.properties()).containsEntry("vCPUs", "1").containsEntry("Memory", "160 MiB");
        assertThat(vm.isolation()).isEqualTo(Isolation.VM);
        assertThat(vm.runtime()).isEqualTo("qemu");
        assertThat(vm.on()).isEqualTo(host.id());
        assertThat(vm.actions()).containsExactlyInAnyOrder(Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF, Action.PAUSE);
        assertThat(vm.consoles()).containsExactly(ConsoleType.SERIAL, ConsoleType.VNC); // the tiny guest has a VGA display
    }

    @Test
    @Order(2)
    void describeGivesTheDomainXml() throws Exception {
        String xml = conn.describe(inv.get(vmId).orElseThrow()).get(10, TimeUnit.SECONDS);
        assertThat(xml).contains("<name>" + NAME + "</name>").contains(uuid.toString());
    }

    @Test
    @Order(3)
    void everyActionChangesStateThroughEvents() throws Exception {
        awaitBooted();
        act(Action.PAUSE);
        Item paused = Await.item(inv, vmId, i -> i.state() == State.PAUSED, EVENT, "paused");
        assertThat(paused.status()).isEqualTo("paused (user)");
        assertThat(paused.actions()).containsExactlyInAnyOrder(Action.RESUME, Action.FORCE_OFF);

        act(Action.RESUME);
        Await.item(inv, vmId, i -> i.state() == State.RUNNING, EVENT, "running again");

        act(Action.REBOOT); // ACPI: acpid powers off, libvirt restarts it (a "fake reboot")
        Await.until(this::eventTypes, t -> t.contains("Rebooted"), Duration.ofSeconds(30), "a reboot event");

        act(Action.FORCE_OFF);
        Item off = Await.item(inv, vmId, i -> i.state() == State.STOPPED, EVENT, "stopped");
        assertThat(off.status()).isEqualTo("shut off (destroyed)");
        assertThat(off.actions()).containsExactlyInAnyOrder(Action.START, Action.DELETE);
        assertThat(off.consoles()).isEmpty();

        act(Action.START);
        Await.item(inv, vmId, i -> i.state() == State.RUNNING, EVENT, "started");
        assertThat(eventTypes()).contains("Suspended", "Resumed", "Stopped", "Started");
    }

    @Test
    @Order(4)
    void libvirtsOwnMessageReachesTheUser() {
        Item vm = inv.get(vmId).orElseThrow();
        assertThatThrownBy(() -> conn.perform(vm, Action.START).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WharfException.class)
                .hasMessageContaining(NAME).hasMessageContaining("already running");
        assertThatThrownBy(() -> conn.perform(vm, Action.DELETE).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("running");
        assertThat(lv.virsh("domstate", NAME)).isEqualTo("running");
    }

    @Test
    @Order(5)
    void gracefulShutdownReachesStopped() throws Exception {
        awaitBooted();
        act(Action.SHUTDOWN);
        Item off = Await.item(inv, vmId, i -> i.state() == State.STOPPED, Duration.ofSeconds(30), "shut down by ACPI");
        assertThat(off.status()).isEqualTo("shut off (shutdown)");
    }

    @Test
    @Order(6)
    void deleteUndefinesAndTheItemDisappears() throws Exception {
        act(Action.DELETE);
        Await.gone(inv, vmId, EVENT);
        assertThat(lv.virsh("list", "--all", "--name")).doesNotContain(NAME);
        assertThat(lv.guest().kernel()).exists(); // nothing but the definition is gone
    }

    @Test
    @Order(7)
    void domainsDefinedElsewhereAppearAndDisappearByEvents() throws Exception {
        String other = "wharf-it-defined-elsewhere";
        java.nio.file.Path xml = java.nio.file.Files.createTempFile("wharf-it", ".xml");
        java.nio.file.Files.writeString(xml, lv.guest().domainXml(other, UUID.randomUUID(), 128));
        String id = Item.idOf(conn.id(), Kind.VM, null, other);
        try {
            lv.virsh("define", xml.toString());
            Item it = Await.item(inv, id, i -> true, EVENT, "appeared");
            assertThat(it.state()).isEqualTo(State.STOPPED);
            lv.virsh("undefine", other);
            Await.gone(inv, id, EVENT);
        } finally {
            java.nio.file.Files.deleteIfExists(xml);
            lv.virshQuietly("undefine", other);
        }
    }

    private void act(Action a) throws Exception {
        Item vm = inv.get(vmId).orElseThrow();
        assertThat(vm.accepts(a)).as(a + " offered in " + vm.state()).isTrue();
        conn.perform(vm, a).get(20, TimeUnit.SECONDS);
    }

    private List<String> eventTypes() {
        try {
            return conn.events(inv.get(vmId).orElseThrow()).get().stream().map(ItemEvent::type).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the guest's shell: ACPI needs acpid, which /init starts just before it. */
    private static void awaitBooted() throws Exception {
        Item vm = Await.item(inv, vmId, i -> i.consoles().contains(ConsoleType.SERIAL), EVENT, "offering a console");
        ConsoleStream c = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true))
                .get(10, TimeUnit.SECONDS);
        ConsoleProbe probe = new ConsoleProbe();
        c.start(probe);
        try {
            ConsoleProbe.awaitPrompt(c, probe, Duration.ofSeconds(40));
        } finally {
            c.close();
        }
        Await.until(() -> probe.ends.size(), n -> n == 1, Duration.ofSeconds(5), "console closed");
    }
}
