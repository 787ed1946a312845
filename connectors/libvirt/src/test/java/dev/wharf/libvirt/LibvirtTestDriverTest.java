package dev.wharf.libvirt;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** libvirt's in-process test driver with a fixture host: mapping of run states, actions, events. */
class LibvirtTestDriverTest {
    private static final Duration EVENT = Duration.ofSeconds(10);
    private Inventory inv;
    private LibvirtConnection conn;

    @BeforeEach
    void connect() throws InterruptedException {
        PrivateLibvirtd.requireLibvirt();
        inv = new Inventory();
        conn = new LibvirtConnection(TestHosts.uriOf("test-host.xml"), inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
    }

    @AfterEach
    void close() {
        if (conn != null) {
            conn.close();
        }
    }

    private Item vm(String name) {
        return inv.get(Item.idOf(conn.id(), Kind.VM, null, name)).orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void mapsTheHostAndDomainsInEveryRunState() {
        assertThat(inv.source(conn.id()).orElseThrow().status()).isEqualTo(SourceStatus.CONNECTED);
        Item host = inv.snapshot().items().stream().filter(i -> i.kind() == Kind.HOST).findFirst().orElseThrow();
        assertThat(host.properties()).containsEntry("CPUs", "8").containsEntry("Memory", "16 GiB");
        assertThat(host.properties().get("Hypervisor")).startsWith("TEST");
        assertThat(host.uuid()).isNull();

        Item web = vm("web");
        assertThat(web.state()).isEqualTo(State.RUNNING);
        assertThat(web.uuid()).isEqualTo("6a1d2c3e-0000-4000-8000-000000000001");
        assertThat(web.properties()).containsEntry("vCPUs", "2").containsEntry("Memory", "512 MiB");
        assertThat(web.runtime()).isEqualTo("test");
        assertThat(web.isolation()).isEqualTo(Isolation.VM);
        assertThat(web.on()).isEqualTo(host.id());
        assertThat(web.consoles()).as("the test driver has no console streams").isEmpty();

        Item db = vm("db");
        assertThat(db.state()).isEqualTo(State.STOPPED);
        assertThat(db.status()).startsWith("shut off");
        assertThat(db.actions()).containsExactlyInAnyOrder(Action.START, Action.DELETE);
        assertThat(db.properties()).containsEntry("vCPUs", "4").containsEntry("Memory", "2048 MiB");

        Item cache = vm("cache");
        assertThat(cache.state()).isEqualTo(State.PAUSED);
        assertThat(cache.status()).startsWith("paused");
        assertThat(cache.actions()).containsExactlyInAnyOrder(Action.RESUME, Action.FORCE_OFF);

        assertThat(inv.snapshot().items()).hasSize(5).noneMatch(Item::stale);
    }

    @Test
    void actionsChangeStateThroughEvents() throws Exception {
        conn.perform(vm("web"), Action.PAUSE).get(5, TimeUnit.SECONDS);
        Await.item(inv, vm("web").id(), i -> i.state() == State.PAUSED, EVENT, "web paused");
        conn.perform(vm("web"), Action.RESUME).get(5, TimeUnit.SECONDS);
        Await.item(inv, vm("web").id(), i -> i.state() == State.RUNNING, EVENT, "web running");
        conn.perform(vm("web"), Action.SHUTDOWN).get(5, TimeUnit.SECONDS);
        Await.item(inv, vm("web").id(), i -> i.state() == State.STOPPED, EVENT, "web shut down");

        conn.perform(vm("db"), Action.START).get(5, TimeUnit.SECONDS);
        Await.item(inv, vm("db").id(), i -> i.state() == State.RUNNING, EVENT, "db started");
        assertThatThrownBy(() -> conn.perform(vm("db"), Action.DELETE).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WharfException.class)
                .hasMessageContaining("running");
        conn.perform(vm("db"), Action.FORCE_OFF).get(5, TimeUnit.SECONDS);
        Item off = Await.item(inv, vm("db").id(), i -> i.state() == State.STOPPED, EVENT, "db forced off");
        assertThat(off.status()).isEqualTo("shut off (destroyed)");
        conn.perform(off, Action.DELETE).get(5, TimeUnit.SECONDS);
        Await.gone(inv, off.id(), EVENT);

        assertThat(conn.events(vm("web")).get()).extracting(e -> e.type())
                .containsSubsequence("Suspended", "Resumed", "Stopped");
        assertThat(conn.describe(vm("web")).get(5, TimeUnit.SECONDS)).contains("<name>web</name>");
    }

    @Test
    void refusesAConsoleTheDriverCannotOpen() {
        assertThatThrownBy(() -> conn.openConsole(vm("web"), ConsoleRequest.of(ConsoleType.SERIAL)).get())
                .cause().isInstanceOf(WharfException.class).hasMessageContaining("no console");
    }

    @Test
    void anUnreachableHostIsAnErrorWithTheReason() throws InterruptedException {
        Inventory other = new Inventory();
        try (LibvirtConnection bad = new LibvirtConnection("qemu+tcp://127.0.0.1:1/system", other, CredentialPrompt.NONE)) {
            bad.start();
            assertThat(bad.awaitInitialSync(Duration.ofSeconds(20))).isFalse();
            assertThat(other.source(bad.id()).orElseThrow().status()).isEqualTo(SourceStatus.ERROR);
            assertThat(other.source(bad.id()).orElseThrow().message())
                    .contains("Cannot connect to qemu+tcp://127.0.0.1:1/system").contains("refused")
                    .contains("retries");
        }
        // The other source was never disturbed.
        assertThat(vm("web").state()).isEqualTo(State.RUNNING);
    }
}
