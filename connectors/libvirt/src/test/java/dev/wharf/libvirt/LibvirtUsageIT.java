package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A real TCG guest: a busy loop typed on its serial console drives its CPU % above 50; killing it lets it fall. */
class LibvirtUsageIT {
    private static final String NAME = "wharf-it-usage";
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
        }
    }

    /** The 1-minute load average is at least the number of cores: no core to spare for the guest. */
    private static boolean saturated() {
        return load() >= Runtime.getRuntime().availableProcessors();
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    @Test
    void busyLoopRaisesCpuAndStoppingItLowersIt() throws Exception {
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE)) {
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
            Item vm = inv.get(Item.idOf(conn.id(), Kind.VM, null, NAME)).orElseThrow();
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            ConsoleProbe probe = new ConsoleProbe();
            console.start(probe);
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(40));

            AtomicReference<Usage> latest = new AtomicReference<>();
            try (UsageSource.Watch w = conn.capability(UsageSource.class).orElseThrow().watchUsage(p ->
                    p.usages().stream().filter(u -> u.itemId().equals(vm.id()) && u.cpuPercent() != null)
                            .findFirst().ifPresent(latest::set))) {
                Usage before = Await.until(latest::get, u -> u != null, Duration.ofSeconds(10), "a first rate");
                console.write("while :; do :; done &\r".getBytes(StandardCharsets.US_ASCII));
                // above 50 % when the machine has a core to give; on a saturated one (load ≥ cores), the
                // guest's share of a core can be far less, but still a multiple of its idle figure
                double threshold = saturated() ? Math.max(5, before.cpuPercent() * 4) : 50;
                latest.set(null);
                Usage busy = Await.until(latest::get, u -> u != null && u.cpuPercent() > threshold,
                        Duration.ofSeconds(30), "CPU above " + Math.round(threshold) + " % with a busy loop (idle: "
                                + Math.round(before.cpuPercent()) + " %, load " + load() + ")");
                assertThat(busy.cpuCores()).isGreaterThan(threshold / 100 * 0.99);
                assertThat(busy.memoryBytes()).isPositive();

                console.write("kill %1\r".getBytes(StandardCharsets.US_ASCII));
                latest.set(null);
                double low = busy.cpuPercent() / 3;
                Usage idle = Await.until(latest::get, u -> u != null && u.cpuPercent() < low, Duration.ofSeconds(30),
                        "CPU below " + Math.round(low) + " % once the loop is killed (busy: "
                                + Math.round(busy.cpuPercent()) + " %)");
                assertThat(idle.cpuPercent()).isLessThan(busy.cpuPercent());
            }
            console.close();
        }
    }
}
