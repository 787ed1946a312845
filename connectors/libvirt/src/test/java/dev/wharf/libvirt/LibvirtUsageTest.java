package dev.wharf.libvirt;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** libvirt usage over the in-process test driver: first sample without rates, then rates; focus above 50 domains. */
class LibvirtUsageTest {

    @Test
    void firstSampleHasNoRatesTheSecondHas() throws Exception {
        PrivateLibvirtd.requireLibvirt();
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = new LibvirtConnection(TestHosts.uriOf("test-host.xml"), inv, CredentialPrompt.NONE)) {
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
            List<UsagePoll> polls = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            try (UsageSource.Watch w = conn.capability(UsageSource.class).orElseThrow().watchUsage(polls::add)) {
                Await.until(polls::size, n -> n >= 2, Duration.ofSeconds(10), "two polls");
            }
            // the second sample comes one short interval after the first
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(LibvirtUsage.FIRST);
            Map<String, Usage> first = byId(polls.get(0));
            Map<String, Usage> second = byId(polls.get(1));
            assertThat(polls.get(0).note()).isEmpty();

            String web = Item.idOf(conn.id(), Kind.VM, null, "web");
            assertThat(first).containsKey(web);
            assertThat(first.get(web).cpuCores()).isNull();
            assertThat(first.get(web).window()).isNull();
            assertThat(first.get(web).memoryBytes()).isPositive(); // memory needs no second sample
            assertThat(second.get(web).window()).isNotNull();
            assertThat(second.get(web).cpuCores()).isNotNull();
            assertThat(second.get(web).cpuPercent()).isNotNull().isGreaterThanOrEqualTo(0.0);
            // only running domains are measured
            Set<String> measured = inv.snapshot().items().stream().filter(i -> second.containsKey(i.id()))
                    .map(i -> i.state().name()).collect(Collectors.toSet());
            assertThat(measured).contains("RUNNING").doesNotContain("STOPPED");
            // the host: CPU from virNodeGetCPUStats; the test driver has no node memory statistics: unknown, not 0
            Item host = inv.snapshot().items().stream().filter(i -> i.kind() == Kind.HOST).findFirst().orElseThrow();
            assertThat(second).containsKey(host.id());
            assertThat(second.get(host.id()).memoryBytes()).isNull();
        }
    }

    @Test
    void aboveFiftyDomainsOnlyTheFocusedAreMeasured() throws Exception {
        PrivateLibvirtd.requireLibvirt();
        Path xml = Files.createTempFile("wharf-usage-", ".xml");
        Files.writeString(xml, TestHosts.generated(300)); // 100 running
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = new LibvirtConnection("test://" + xml.toAbsolutePath(), inv, CredentialPrompt.NONE)) {
            conn.start();
            assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
            String vm3 = Item.idOf(conn.id(), Kind.VM, null, "vm-0003");
            String vm6 = Item.idOf(conn.id(), Kind.VM, null, "vm-0006");
            List<UsagePoll> polls = new CopyOnWriteArrayList<>();
            try (UsageSource.Watch w = conn.capability(UsageSource.class).orElseThrow().watchUsage(polls::add)) {
                w.focus(Set.of(vm3, vm6, Item.idOf(conn.id(), Kind.VM, null, "vm-0004"))); // 4 is shut off
                Await.until(polls::size, n -> n >= 2, Duration.ofSeconds(10), "two polls");
            }
            Set<String> ids = polls.get(1).usages().stream().map(Usage::itemId).collect(Collectors.toSet());
            assertThat(ids).contains(vm3, vm6).hasSize(3); // and the host
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    @Test
    void ratesFromTwoSamples() {
        var before = new LibvirtUsage.Sample(7, 0, 1_000_000_000L, 0L, 1000L, null, 50L);
        var after = new LibvirtUsage.Sample(7, 2_000_000_000L, 2_500_000_000L, 4096L, 1000L, null, 250L);
        Usage u = after.usage("vm", Instant.EPOCH, before, 2, 1L << 30, null);
        assertThat(u.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(u.cpuCores()).isCloseTo(0.75, within(1e-9)); // 1.5 s of CPU in 2 s
        assertThat(u.cpuPercent()).isCloseTo(37.5, within(1e-9)); // of 2 vCPUs
        assertThat(u.diskReadBps()).isEqualTo(2048L);
        assertThat(u.diskWriteBps()).isEqualTo(0L);
        assertThat(u.netRxBps()).isNull(); // no interface: unknown, never 0
        assertThat(u.netTxBps()).isEqualTo(100L);
        // restarted in between (another domain id): no rates
        var restarted = new LibvirtUsage.Sample(8, 3_000_000_000L, 10L, 0L, 0L, null, 0L);
        assertThat(restarted.usage("vm", Instant.EPOCH, after, 2, 1L, null).cpuCores()).isNull();
    }

    @Test
    void targetsFromTheDomainXml() {
        var t = LibvirtUsage.Targets.parse(3, """
                <domain><devices>
                  <disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
                  <disk type="file" device="cdrom"><target dev="sdb" bus="sata"/></disk>
                  <interface type='network'><mac address='52:54:00:00:00:01'/><target dev='vnet3'/></interface>
                  <memballoon model='virtio'/>
                </devices></domain>""");
        assertThat(t.disks()).containsExactly("vda", "sdb");
        assertThat(t.interfaces()).containsExactly("vnet3");
        assertThat(t.balloon()).isTrue();
        assertThat(LibvirtUsage.Targets.parse(1, "<domain><devices><memballoon model='none'/></devices></domain>")
                .balloon()).isFalse();
    }

    private static Map<String, Usage> byId(UsagePoll p) {
        return p.usages().stream().collect(Collectors.toMap(Usage::itemId, u -> u));
    }
}
