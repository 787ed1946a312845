package dev.wharf.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.lab.Lab;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.guest.TinyGuest;
import dev.wharf.views.console.ConsoleViewModel;
import dev.wharf.views.console.ConsoleViewModel.Phase;
import dev.wharf.views.console.Scheduler;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Live consoles end to end, through the console view model (as the desktop uses it) and the
 * sources the app wires: a real QEMU guest's serial console over libvirt (the lab's embedded
 * QEMU driver), a KubeVirt VM's serial console and a pod shell on the lab's Kubernetes API.
 * In CI (CI=true) a missing QEMU/libvirt/guest kernel fails the libvirt test; elsewhere it is
 * skipped with the reason.
 */
class LiveConsolesIT {
    private static Lab lab;
    private static Inventory inventory;
    private static List<Source> sources;

    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "it-ui"));
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "it-log"));
    private final Scheduler.Real timer = Scheduler.real(ui);
    private final List<ConsoleViewModel> models = new ArrayList<>();

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.EMBEDDED_QEMU, 1, Duration.ofMillis(300)));
        inventory = new Inventory();
        sources = lab.sources(inventory);
        sources.forEach(Source::start);
    }

    @AfterAll
    static void stopLab() {
        if (sources != null) {
            sources.forEach(Source::close);
        }
        if (lab != null) {
            lab.close();
        }
        if (inventory != null) {
            inventory.close();
        }
    }

    @AfterEach
    void closeModels() {
        models.forEach(ConsoleViewModel::close);
        timer.shutdown();
        ui.shutdown();
        io.shutdown();
    }

    private static CompletableFuture<ConsoleStream> open(Item item, ConsoleRequest request) {
        return sources.stream().filter(s -> s.id().equals(item.source())).findFirst().orElseThrow()
                .openConsole(item, request);
    }

    private static Item awaitItem(String what, Predicate<Item> p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            var found = inventory.snapshot().items().stream().filter(p).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " in the inventory within 90 s: " + inventory.snapshot().sources());
    }

    /** A console as the desktop drives it, with its output collected. */
    private final class Console {
        final ConsoleViewModel model;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Console(Item item, ConsoleType type) {
            model = new ConsoleViewModel(LiveConsolesIT::open, item, type, ui, timer, io);
            models.add(model);
            model.onOutput(b -> {
                synchronized (out) {
                    out.writeBytes(b);
                    out.notifyAll();
                }
            });
            model.resize(100, 30);
            model.connect();
        }

        String text() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String awaitText(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            synchronized (out) {
                while (!text().contains(expected)) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new AssertionError("no \"" + expected + "\" within " + timeout + "; status: "
                                + onUi(model::statusText) + "; output:\n" + text());
                    }
                    out.wait(Math.min(left, 500));
                }
                return text();
            }
        }

        void type(String s) {
            model.send(s.getBytes(StandardCharsets.UTF_8));
        }

        void awaitPhase(Phase phase, Duration timeout) throws Exception {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (onUi(model::phase) != phase) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("not " + phase + " within " + timeout + ": " + onUi(model::statusText));
                }
                Thread.sleep(50);
            }
        }
    }

    private <T> T onUi(Callable<T> c) {
        try {
            return ui.submit(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void requireRealGuests() {
        boolean real = lab.libvirtUris().stream().anyMatch(u -> u.startsWith("qemu"));
        if (!real) {
            String why = "the lab has no real guests: " + lab.notice() + " "
                    + LibvirtConnection.unavailableReason().orElse("")
                    + " " + String.valueOf(TinyGuest.missingReason(TinyGuest.defaultDir()));
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI needs the embedded QEMU guest for this test: " + why);
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void aRealGuestsSerialConsoleTakenOverAndTakenBack(@TempDir Path dir) throws Exception {
        requireRealGuests();
        String libvirt = sources.stream().filter(s -> s instanceof LibvirtConnection).findFirst().orElseThrow().id();
        Item vm = awaitItem("running libvirt guest with a serial console", i -> i.source().equals(libvirt)
                && i.kind() == Kind.VM && i.consoles().contains(ConsoleType.SERIAL));

        Console console = new Console(vm, ConsoleType.SERIAL);
        console.awaitPhase(Phase.CONNECTED, Duration.ofSeconds(30));
        assertThat(onUi(console.model::statusText)).startsWith("Connected: ").contains(vm.name());
        console.type("\r");
        console.awaitText(TinyGuest.PROMPT, Duration.ofSeconds(90));

        Path log = dir.resolve("guest.log");
        console.model.startLog(log);
        console.type("echo wharf-$((6*7))\r");
        console.awaitText("\r\nwharf-42\r\n", Duration.ofSeconds(20));
        console.model.stopLog().get(10, TimeUnit.SECONDS); // what the terminal got so far is in the file
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).contains("echo wharf-$((6*7))").contains("\r\nwharf-42\r\n");

        // another client (virsh console --force, or a second Wharf) takes it over: no automatic reconnect
        ConsoleStream other = open(vm, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true)).get(30, TimeUnit.SECONDS);
        CompletableFuture<ConsoleEnd> otherEnd = new CompletableFuture<>();
        other.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                otherEnd.complete(end);
            }
        });
        console.awaitPhase(Phase.DISCONNECTED, Duration.ofSeconds(20));
        assertThat(onUi(console.model::lastEnd).reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
        assertThat(onUi(console.model::statusText)).startsWith("Taken over by another client");
        Thread.sleep(2500);
        assertThat(onUi(console.model::phase)).as("stays disconnected").isEqualTo(Phase.DISCONNECTED);

        // the Reconnect button takes it back
        console.model.reconnect();
        console.awaitPhase(Phase.CONNECTED, Duration.ofSeconds(30));
        assertThat(otherEnd.get(20, TimeUnit.SECONDS).reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
        console.type("echo back-$((1+1))\r");
        console.awaitText("back-2", Duration.ofSeconds(20));
    }

    @Test
    void aKubeVirtVmsSerialConsoleAndAPodShellOnTheLabsApi() throws Exception {
        Item vm = awaitItem("KubeVirt VM etl-worker", i -> i.kind() == Kind.VM && "etl-worker".equals(i.name())
                && "analytics".equals(i.namespace()) && i.consoles().contains(ConsoleType.SERIAL));
        Console serial = new Console(vm, ConsoleType.SERIAL);
        serial.awaitPhase(Phase.CONNECTED, Duration.ofSeconds(30));
        assertThat(onUi(serial.model::statusText)).isEqualTo("Connected: serial console of VM analytics/etl-worker");
        serial.type("\r");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!serial.text().contains("login: ") && !serial.text().contains(":~# ")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        if (!serial.text().contains(":~# ")) {
            serial.awaitText("etl-worker login: ", Duration.ofSeconds(1));
            serial.type("ops\r");
            serial.awaitText(":~# ", Duration.ofSeconds(20));
        }
        serial.type("hostname\r");
        serial.awaitText("hostname\r\netl-worker\r\n", Duration.ofSeconds(20));

        Item pod = awaitItem("pod debug-shell", i -> "debug-shell".equals(i.name()) && "default".equals(i.namespace())
                && i.consoles().contains(ConsoleType.EXEC));
        Console shell = new Console(pod, ConsoleType.EXEC);
        shell.awaitPhase(Phase.CONNECTED, Duration.ofSeconds(30));
        shell.awaitText("debug-shell:/# ", Duration.ofSeconds(20));
        shell.type("hostname\r");
        shell.awaitText("\r\ndebug-shell\r\n", Duration.ofSeconds(20));
        shell.type("exit\r");
        shell.awaitPhase(Phase.DISCONNECTED, Duration.ofSeconds(20));
        assertThat(onUi(shell.model::lastEnd).exitCode()).isZero();
        assertThat(onUi(shell.model::statusText)).isEqualTo("Ended: the shell exited (status 0).");
    }
}
