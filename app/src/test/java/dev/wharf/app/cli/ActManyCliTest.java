package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.K8S;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.STOPPED_VM;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceType;

import org.junit.jupiter.api.Test;

/** {@code wharf act ACTION TARGET...} with several targets, and {@code --read-only}. */
class ActManyCliTest {
    private final CliHarness cli = new CliHarness();

    private static Item stopped(String name) {
        return STOPPED_VM.toBuilder().id(Item.idOf(K8S, Kind.VM, "prod", name)).name(name).build();
    }

    private FakeSource prod() {
        return cli.source(SourceType.KUBERNETES, "prod").with(NODE, VM, STOPPED_VM, stopped("c2"), stopped("c3"));
    }

    @Test
    void oneLinePerTargetInTheOrderGivenAndExitOneWhenAnyFailed() {
        FakeSource prod = prod();
        prod.refusals.put("c2", "Operation cannot be fulfilled on virtualmachines.kubevirt.io \"c2\": the object has been "
                + "modified (409 Conflict)");
        assertThat(cli.run("act", "start", "vm/prod/cache", "vm/prod/c2", "vm/prod/c3", "vm/prod/ghost", "vm/prod/db"))
                .isEqualTo(1);
        assertThat(cli.out().lines().toList()).hasSize(5).satisfiesExactly(
                l -> assertThat(l).isEqualTo("vm/prod/cache: start requested"),
                l -> assertThat(l).isEqualTo("vm/prod/c2: failed: cannot start vm/prod/c2: Operation cannot be fulfilled on "
                        + "virtualmachines.kubevirt.io \"c2\": the object has been modified (409 Conflict)"),
                l -> assertThat(l).isEqualTo("vm/prod/c3: start requested"),
                l -> assertThat(l).startsWith("vm/prod/ghost: failed: ").contains("ghost"),
                l -> assertThat(l).isEqualTo("vm/prod/db: failed: vm/prod/db is running: it accepts stop, restart, pause, migrate"));
        assertThat(cli.errLines()).containsExactly("wharf: 3 of 5 failed");
        assertThat(prod.performed).containsExactlyInAnyOrder("start " + STOPPED_VM.id(), "start " + stopped("c2").id(),
                "start " + stopped("c3").id());
    }

    @Test
    void allAcceptedExitsZeroWithALineEach() {
        FakeSource prod = prod();
        assertThat(cli.run("act", "delete", "vm/prod/cache", "vm/prod/c2", "vm/prod/c3")).isZero();
        assertThat(cli.out()).isEqualTo("vm/prod/cache: delete requested\nvm/prod/c2: delete requested\n"
                + "vm/prod/c3: delete requested\n");
        assertThat(cli.err()).isEmpty();
        assertThat(prod.performed).hasSize(3);
    }

    @Test
    void aSingleTargetKeepsItsOutput() {
        FakeSource prod = prod();
        prod.refusals.put("c2", "conflict");
        assertThat(cli.run("act", "start", "vm/prod/c2")).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).containsExactly("wharf: cannot start vm/prod/c2: conflict");
    }

    @Test
    void readOnlyRefusesEveryActionBeforeItReachesTheSource() {
        FakeSource prod = prod();
        assertThat(cli.run("--read-only", "act", "start", "vm/prod/cache")).isEqualTo(1);
        assertThat(cli.errLines()).containsExactly("wharf: cannot start vm/prod/cache: k8s:prod is read-only: Start cache "
                + "is not allowed (reconnect it without read-only to change anything)");
        CliHarness many = new CliHarness();
        FakeSource p2 = many.source(SourceType.KUBERNETES, "prod").with(NODE, VM, STOPPED_VM, stopped("c2"));
        assertThat(many.run("act", "--read-only", "start", "vm/prod/cache", "vm/prod/c2")).isEqualTo(1);
        assertThat(many.out().lines().toList()).allSatisfy(l -> assertThat(l).contains(": failed: ")
                .contains("k8s:prod is read-only"));
        assertThat(prod.performed).isEmpty();
        assertThat(p2.performed).isEmpty();
        assertThat(many.opened.get(0).readOnly()).isTrue();
    }

    @Test
    void readOnlyRefusesAShellButNotTheInventory() {
        FakeSource prod = cli.source(SourceType.KUBERNETES, "prod").with(NODE, Fixtures.KATA);
        assertThat(cli.run("--read-only", "console", "microvm/default/kata-1")).isEqualTo(1);
        assertThat(cli.err()).contains("k8s:prod is read-only: a shell (exec) in kata-1 is not allowed");
        assertThat(prod.consoleRequests).isEmpty();
        CliHarness ls = new CliHarness();
        ls.source(SourceType.KUBERNETES, "prod").with(NODE, Fixtures.KATA);
        assertThat(ls.run("--read-only", "ls")).isZero();
        assertThat(ls.out()).contains("kata-1");
    }
}
