package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.GUEST;
import static dev.wharf.app.cli.Fixtures.HOST;
import static dev.wharf.app.cli.Fixtures.KATA;
import static dev.wharf.app.cli.Fixtures.LAUNCHER;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.STOPPED_VM;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CliTest {
    private final CliHarness cli = new CliHarness();

    private void cluster() {
        cli.source(SourceType.KUBERNETES, "prod").with(NODE, VM, LAUNCHER, KATA, STOPPED_VM);
    }

    private static List<String> names(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("items").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }

    // ---------------------------------------------------------------- usage

    @Test
    void noCommandOpensTheDesktopWithTheChosenSources() {
        assertThat(cli.run("--context", "a", "--context", "b", "--libvirt", "qemu:///system", "--lab")).isZero();
        assertThat(cli.desktops).hasSize(1);
        var o = cli.desktops.get(0);
        assertThat(o.contexts()).containsExactly("a", "b");
        assertThat(o.libvirtUris()).containsExactly("qemu:///system");
        assertThat(o.lab()).isTrue();
        assertThat(o.kubeconfig()).isEmpty();
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        cluster();
        assertThat(cli.run("--context", "a", "ls", "--context", "b", "--kubeconfig", "/tmp/k", "--debug")).isZero();
        var o = cli.opened.get(0);
        assertThat(o.contexts()).containsExactly("a", "b");
        assertThat(o.kubeconfig()).contains(Path.of("/tmp/k"));
        assertThat(o.debug()).isTrue();
        assertThat(o.lab()).isFalse();
    }

    @Test
    void versionPrintsVersionAndCommit() {
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).matches("wharf \\S+ \\(commit \\S+\\)\\R");
        assertThat(cli.out()).doesNotContain("${");
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        assertThat(cli.run("ls", "--bogus")).isEqualTo(2);
        assertThat(cli.errLines().get(0)).startsWith("wharf: Unknown option: '--bogus'");
        assertThat(cli.err()).contains("Try 'wharf ls --help'");
        assertThat(cli.out()).isEmpty();
        assertThat(cli.opened).as("nothing was opened").isEmpty();
    }

    @Test
    void anUnknownCommandListsTheCommands() {
        assertThat(cli.run("frob")).isEqualTo(2);
        assertThat(cli.errLines().get(0)).isEqualTo("wharf: unknown command 'frob' (commands: ls, act, console, vnc, logs, port-forward, audit, top, edit, snapshot, lab)");
        assertThat(cli.desktops).isEmpty();
    }

    @Test
    void mainRunReportsUsageErrorsAsTwo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertThat(dev.wharf.app.Main.run(new String[] {"act", "start"}, java.io.InputStream.nullInputStream(),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).startsWith("wharf: Missing required parameter: 'TARGET'");
    }

    @Test
    void badActionOrTargetIsAUsageError() {
        assertThat(cli.run("act", "explode", "vm/prod/db")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown action 'explode'").contains("force-off");
        CliHarness other = new CliHarness();
        assertThat(other.run("act", "start", "db")).isEqualTo(2);
        assertThat(other.err()).contains("invalid target 'db'");
        CliHarness toWithoutMigrate = new CliHarness();
        assertThat(toWithoutMigrate.run("act", "stop", "vm/prod/db", "--to", "worker-2")).isEqualTo(2);
        assertThat(toWithoutMigrate.errLines().get(0)).isEqualTo("wharf: --to goes with migrate only");
        CliHarness third = new CliHarness();
        assertThat(third.run("ls", "-o", "yaml")).isEqualTo(2);
        assertThat(third.err()).contains("yaml");
    }

    // ---------------------------------------------------------------- ls

    @Test
    void lsHidesOwnedPodsUnlessAll() throws Exception {
        cluster();
        assertThat(cli.run("ls", "-o", "json")).isZero();
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(names(doc)).containsExactlyInAnyOrder("worker-1", "db", "cache", "kata-1");

        CliHarness all = new CliHarness();
        all.source(SourceType.KUBERNETES, "prod").with(NODE, VM, LAUNCHER, KATA, STOPPED_VM);
        assertThat(all.run("ls", "-o", "json", "--all")).isZero();
        assertThat(names(new ObjectMapper().readTree(all.out()))).contains("virt-launcher-db-x1");
    }

    @Test
    void lsPrintsATable() {
        cluster();
        assertThat(cli.run("ls")).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("NAMESPACE", "KIND", "STATE", "ISOLATION", "RUNTIME", "ON", "AGE");
        assertThat(lines).hasSize(5).noneMatch(l -> l.contains("virt-launcher"));
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void aFailedSourceGetsOneLineAndTheOthersArePrinted() {
        cluster();
        cli.source(SourceType.LIBVIRT, "h1").failing("cannot reach h1: connection refused — start libvirtd");
        assertThat(cli.run("ls")).isZero();
        assertThat(cli.errLines()).containsExactly("wharf: libvirt h1: cannot reach h1: connection refused — start libvirtd");
        assertThat(cli.out()).contains("db");
    }

    @Test
    void whenEverySourceFailsLsExitsOne() {
        cli.source(SourceType.KUBERNETES, "prod").failing("cannot reach https://10.0.0.1:6443: connection refused"
                + " — check the server address and your network");
        cli.source(SourceType.LIBVIRT, "h1").failing("cannot reach h1: connection refused");
        assertThat(cli.run("ls", "-o", "json")).isEqualTo(1);
        assertThat(cli.errLines()).containsExactly(
                "wharf: context prod: cannot reach https://10.0.0.1:6443: connection refused — check the server address and your network",
                "wharf: libvirt h1: cannot reach h1: connection refused");
        assertThat(cli.out()).contains("\"status\" : \"error\"");
        assertThat(cli.sources).allMatch(s -> s.closed);
    }

    @Test
    void aSourceThatNeverAnswersTimesOut() {
        cli.syncTimeout = Duration.ofSeconds(1);
        cli.sources.add(new FakeSource(cli.inventory, SourceType.KUBERNETES, "slow") {
            @Override
            public void start() {
                inventory.putSource(info);
            }
        });
        assertThat(cli.run("ls")).isEqualTo(1);
        assertThat(cli.errLines()).singleElement().asString()
                .startsWith("wharf: context slow: no answer within 1 s");
    }

    @Test
    void watchPrintsTheTableThenChangedRows() throws Exception {
        cluster();
        Thread t = new Thread(() -> cli.run("ls", "--watch"));
        t.start();
        waitFor(() -> cli.out().contains("kata-1"));
        cli.inventory.put(KATA.toBuilder().state(State.STOPPING).build());
        waitFor(() -> cli.out().contains("stopping"));
        cli.inventory.remove(STOPPED_VM.id());
        waitFor(() -> cli.out().contains("deleted"));
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME");
        assertThat(lines.subList(1, lines.size())).noneMatch(l -> l.startsWith("NAME"));
        assertThat(lines.get(lines.size() - 2)).startsWith("kata-1").contains("stopping");
        assertThat(lines.get(lines.size() - 1)).startsWith("cache").contains("deleted");
        assertThat(cli.session).isNotNull();
        assertThat(cli.sources).allMatch(s -> s.closed);
    }

    @Test
    void watchAsJsonLinesUsesTheContract() throws Exception {
        cluster();
        Thread t = new Thread(() -> cli.run("ls", "--watch", "-o", "json"));
        t.start();
        waitFor(() -> cli.out().lines().count() >= 1);
        cli.inventory.remove(KATA.id());
        waitFor(() -> cli.out().lines().count() >= 2);
        t.interrupt();
        t.join(5000);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = cli.out().lines().toList();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("initial").asBoolean()).isTrue();
        assertThat(names(first)).containsExactlyInAnyOrder("worker-1", "db", "cache", "kata-1");
        assertThat(first.get("sources").get(0).get("status").asText()).isEqualTo("connected");
        JsonNode change = json.readTree(lines.get(1));
        assertThat(change.get("initial").asBoolean()).isFalse();
        assertThat(change.get("items")).isEmpty();
        assertThat(change.get("removed")).extracting(JsonNode::asText).containsExactly(KATA.id());
    }

    @Test
    void watchSaysWhenASourceFailsAndWhenItIsBackWhateverItWentThrough() throws Exception {
        cluster();
        FakeSource prod = cli.sources.get(0);
        Thread t = new Thread(() -> cli.run("ls", "--watch"));
        t.start();
        try {
            waitFor(() -> cli.out().contains("kata-1"));
            cli.inventory.putSource(prod.info.with(SourceStatus.ERROR, "cannot reach https://10.0.0.1:6443: connection refused"));
            cli.inventory.markStale(prod.id, true);
            waitFor(() -> cli.err().contains("connection refused"));
            waitFor(() -> cli.out().contains("*"));
            // reconnecting: CONNECTING first, then CONNECTED
            cli.inventory.putSource(prod.info.with(SourceStatus.CONNECTING, "connecting"));
            cli.inventory.awaitDelivered(Duration.ofSeconds(5)); // seen on its own, not coalesced with what follows
            cli.inventory.putSource(prod.info.with(SourceStatus.CONNECTED, ""));
            cli.inventory.markStale(prod.id, false);
            waitFor(() -> cli.err().contains("connected again"));
        } finally {
            t.interrupt();
            t.join(5000);
        }
        assertThat(cli.errLines()).containsExactly(
                "wharf: context prod: cannot reach https://10.0.0.1:6443: connection refused",
                "wharf: context prod: connected again");
    }

    @Test
    void watchAsJsonLinesCarriesTheSourcesNewStatusAndTheStaleItemsAndNoEmptyLines() throws Exception {
        cluster();
        FakeSource prod = cli.sources.get(0);
        Thread t = new Thread(() -> cli.run("ls", "--watch", "-o", "json"));
        t.start();
        try {
            waitFor(() -> cli.out().lines().count() >= 1);
            // only an item that is not listed (a VM's launcher pod) changes: nothing to say
            cli.inventory.put(LAUNCHER.toBuilder().status("Terminating").build());
            cli.inventory.awaitDelivered(Duration.ofSeconds(5));
            cli.inventory.putSource(prod.info.with(SourceStatus.ERROR, "server gone"));
            cli.inventory.markStale(prod.id, true);
            waitFor(() -> cli.out().contains("\"stale\":true"));
        } finally {
            t.interrupt();
            t.join(5000);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : cli.out().lines().toList()) {
            lines.add(json.readTree(l));
        }
        assertThat(lines).as("no line without sources, items or removals")
                .noneMatch(l -> l.get("sources").isEmpty() && l.get("items").isEmpty() && l.get("removed").isEmpty());
        JsonNode down = lines.stream().filter(l -> !l.get("sources").isEmpty() && !l.get("initial").asBoolean())
                .findFirst().orElseThrow();
        assertThat(down.get("sources").get(0).get("status").asText()).isEqualTo("error");
        assertThat(down.get("sources").get(0).get("message").asText()).isEqualTo("server gone");
        assertThat(lines.stream().flatMap(l -> java.util.stream.StreamSupport.stream(l.get("items").spliterator(), false))
                .filter(i -> i.get("stale").asBoolean()).map(i -> i.get("name").asText()))
                .as("the stale items").contains("worker-1", "db", "kata-1");
    }

    @Test
    void subcommandsHaveHelpButNoVersion() {
        assertThat(cli.run("act", "--help")).isZero();
        assertThat(cli.out()).startsWith("Usage: wharf act").contains("force-off").contains("vm/qemu+tcp://");
        CliHarness v = new CliHarness();
        assertThat(v.run("ls", "-V")).isEqualTo(2);
    }

    // ---------------------------------------------------------------- act

    @Test
    void actPerformsAnAcceptedAction() {
        cluster();
        FakeSource prod = cli.sources.get(0);
        assertThat(cli.run("act", "start", "vm/prod/cache")).isZero();
        assertThat(prod.performed).containsExactly("start " + STOPPED_VM.id());
        assertThat(cli.out()).isEqualTo("vm/prod/cache: start requested\n");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void actOnALibvirtDomainByUriOrUuid() {
        FakeSource h1 = cli.source(SourceType.LIBVIRT, "qemu+tcp://127.0.0.1:16509/system").with(HOST, GUEST);
        assertThat(cli.run("act", "start", "vm/qemu+tcp://127.0.0.1:16509/system/guest1")).isZero();
        assertThat(cli.out()).isEqualTo("vm/qemu+tcp://127.0.0.1:16509/system/guest1: start requested\n");
        CliHarness byUuid = new CliHarness();
        FakeSource h = byUuid.source(SourceType.LIBVIRT, "qemu+tcp://127.0.0.1:16509/system").with(HOST, GUEST);
        assertThat(byUuid.run("act", "start", GUEST.uuid())).isZero();
        assertThat(byUuid.out()).isEqualTo("vm/guest1: start requested\n");
        assertThat(h1.performed).containsExactly("start " + GUEST.id());
        assertThat(h.performed).containsExactly("start " + GUEST.id());
    }

    @Test
    void actNotAcceptedNamesTheStateAndWhatItAccepts() {
        cluster();
        assertThat(cli.run("act", "start", "vm/prod/db")).isEqualTo(1);
        assertThat(cli.errLines()).containsExactly("wharf: vm/prod/db is running: it accepts stop, restart, pause, migrate");
        assertThat(cli.sources.get(0).performed).isEmpty();
    }

    @Test
    void actNotPermittedSaysSo() {
        cli.source(SourceType.KUBERNETES, "prod").with(NODE,
                VM.toBuilder().actions(List.of(dev.wharf.inventory.Action.STOP)).property("Not permitted", "migrate (RBAC)").build());
        assertThat(cli.run("act", "migrate", "vm/prod/db")).isEqualTo(1);
        assertThat(cli.errLines()).containsExactly("wharf: vm/prod/db is running: your permissions do not allow migrate"
                + " (migrate (RBAC)); it accepts stop — ask your cluster admin for the right role");
    }

    @Test
    void actOnAnUnknownTarget() {
        cluster();
        assertThat(cli.run("act", "stop", "vm/prod/nope")).isEqualTo(1);
        assertThat(cli.errLines()).containsExactly("wharf: no vm named prod/nope in context prod (try `wharf ls`)");
    }

    @Test
    void aRefusalIsTheServersMessageOnOneLine() {
        cluster();
        cli.sources.get(0).refusal = "Operation cannot be fulfilled: VM is already running (409)";
        assertThat(cli.run("act", "start", "vm/prod/cache")).isEqualTo(1);
        assertThat(cli.errLines()).singleElement().asString()
                .isEqualTo("wharf: cannot start vm/prod/cache: Operation cannot be fulfilled: VM is already running (409)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void noStackTraceWithoutDebugButWithIt() {
        cluster();
        cli.sources.get(0).refusal = "forbidden";
        assertThat(cli.run("act", "start", "vm/prod/cache")).isEqualTo(1);
        assertThat(cli.err()).doesNotContain("\tat ");
        CliHarness debug = new CliHarness();
        debug.source(SourceType.KUBERNETES, "prod").with(STOPPED_VM).refusal = "forbidden";
        assertThat(debug.run("act", "start", "vm/prod/cache", "--debug")).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void anUnexpectedFailureIsOneLineWithAHint() {
        CliHarness broken = new CliHarness();
        Cli c = Cli.builder().sessions((o, p) -> {
            throw new IllegalStateException("boom");
        }).out(new java.io.PrintStream(broken.out, true)).err(new java.io.PrintStream(broken.err, true)).build();
        assertThat(c.run("ls")).isEqualTo(1);
        assertThat(broken.errLines()).containsExactly("wharf: boom (run with --debug for details)");
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
