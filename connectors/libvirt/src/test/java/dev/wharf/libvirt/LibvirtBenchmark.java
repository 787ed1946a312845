package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmarks (not a test). Run from the repository root:
 * <pre>
 * mvn -B -o -q -pl connectors/libvirt -am install -DskipTests
 * mvn -B -o -q -pl connectors/libvirt test-compile exec:java \
 *     -Dexec.mainClass=dev.wharf.libvirt.LibvirtBenchmark -Dexec.classpathScope=test [-Dexec.args=list]
 * </pre>
 * {@code list}: connect + list + map 1,000 test-driver domains into an Inventory (median of 15, after 5
 * warm-ups), then prints the hyperfine command for {@code virsh list --all} on the same URI.
 * {@code usage}: one usage polling round (LibvirtUsage, on the worker) over 1,000 active (running or paused) test-driver domains on one
 * host, all focused (median and max of 15, after 5 warm-ups).
 * {@code console}: on the real TCG guest of the private libvirtd (root, see the fixture): console
 * throughput (bytes/s of {@code yes | head -c 2000000}) and keystroke round trip (median/p95 of 200).
 */
public final class LibvirtBenchmark {
    private LibvirtBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length == 0 ? "all" : args[0];
        if (what.equals("all") || what.equals("list")) {
            list(1000);
        }
        if (what.equals("all") || what.equals("usage")) {
            usage(1000);
        }
        if (what.equals("all") || what.equals("console")) {
            console();
        }
        System.exit(0);
    }

    static void usage(int running) throws Exception {
        Path xml = Files.createTempFile("wharf-bench-usage-", ".xml");
        Files.writeString(xml, TestHosts.generated(running * 3 / 2)); // a third run, a third paused: both active
        Inventory inv = new Inventory(Runnable::run);
        try (LibvirtConnection c = new LibvirtConnection("test://" + xml.toAbsolutePath(), inv, CredentialPrompt.NONE)) {
            c.start();
            if (!c.awaitInitialSync(Duration.ofSeconds(60))) {
                throw new IllegalStateException(inv.source(c.id()).orElseThrow().message());
            }
            java.util.Set<String> all = new java.util.HashSet<>();
            inv.snapshot().items().forEach(i -> all.add(i.id()));
            LibvirtUsage usage = new LibvirtUsage(c, c.id(), name -> DomainMapper.domainId(c.id(), false, name), () -> null);
            List<Long> times = new ArrayList<>();
            int measured = 0;
            for (int run = 0; run < 20; run++) {
                long t0 = System.nanoTime();
                var poll = c.onConnection("bench", conn -> usage.round(conn, all)).get(60, TimeUnit.SECONDS);
                long t = System.nanoTime() - t0;
                measured = poll.usages().size();
                if (run >= 5) {
                    times.add(t);
                }
            }
            times.sort(null);
            System.out.printf("usage round over %d running domains: median %.1f ms, max %.1f ms%n", measured,
                    times.get(times.size() / 2) / 1e6, times.get(times.size() - 1) / 1e6);
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    static void list(int n) throws Exception {
        Path xml = Files.createTempFile("wharf-bench-" + n + "-", ".xml");
        Files.writeString(xml, TestHosts.generated(n));
        String uri = "test://" + xml.toAbsolutePath();
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            Inventory inv = new Inventory(Runnable::run);
            long t0 = System.nanoTime();
            try (LibvirtConnection c = new LibvirtConnection(uri, inv, CredentialPrompt.NONE)) {
                c.start();
                if (!c.awaitInitialSync(Duration.ofSeconds(60))) {
                    throw new IllegalStateException(inv.source(c.id()).orElseThrow().message());
                }
                long t = System.nanoTime() - t0;
                if (run >= 5) {
                    times.add(t);
                }
                long vms = inv.snapshot().items().stream().filter(i -> i.kind() == Kind.VM).count();
                long running = inv.snapshot().items().stream().filter(i -> i.state() == State.RUNNING).count();
                if (vms != n) {
                    throw new IllegalStateException("listed " + vms + " of " + n);
                }
                if (run == 0) {
                    System.out.printf("inventory: %d VMs (%d running) + 1 host%n", vms, running - 1);
                }
            }
        }
        times.sort(null);
        List<Long> relist = new ArrayList<>();
        Inventory inv = new Inventory(Runnable::run);
        try (LibvirtConnection c = new LibvirtConnection(uri, inv, CredentialPrompt.NONE)) {
            c.start();
            c.awaitInitialSync(Duration.ofSeconds(60));
            for (int run = 0; run < 25; run++) {
                long t0 = System.nanoTime();
                c.refresh().get(60, TimeUnit.SECONDS);
                if (run >= 5) {
                    relist.add(System.nanoTime() - t0);
                }
            }
        }
        relist.sort(null);
        System.out.printf("re-list+map %d domains on an open connection: median %.1f ms, min %.1f ms over %d runs%n",
                n, relist.get(relist.size() / 2) / 1e6, relist.get(0) / 1e6, relist.size());
        System.out.printf("connect+list+map %d domains (connect, listAllDomains, XML + state per domain, map, replaceAll): "
                + "median %.1f ms, min %.1f ms, max %.1f ms over %d runs%n", n, times.get(times.size() / 2) / 1e6,
                times.get(0) / 1e6, times.get(times.size() - 1) / 1e6, times.size());
        System.out.printf("compare: hyperfine -w 3 -N 'virsh -c %s list --all'%n", uri);
    }

    static void console() throws Exception {
        PrivateLibvirtd lv = PrivateLibvirtd.get();
        String name = "wharf-bench-console";
        lv.startGuest(name);
        Inventory inv = new Inventory();
        try (LibvirtConnection conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE)) {
            conn.start();
            conn.awaitInitialSync(Duration.ofSeconds(60));
            Item vm = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, name),
                    i -> i.consoles().contains(ConsoleType.SERIAL), Duration.ofSeconds(10), "up");
            ConsoleStream console = conn.openConsole(vm, ConsoleRequest.of(ConsoleType.SERIAL)).get(20, TimeUnit.SECONDS);
            Timed probe = new Timed();
            console.start(probe);
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(60));

            // Throughput: 2,000,000 bytes of output (plus the tty's CR for each LF).
            probe.clear();
            long t0 = System.nanoTime();
            console.write("time sh -c 'yes wharf-throughput-0123456789 | head -c 2000000'; echo END-$((6*7))\r"
                    .getBytes(StandardCharsets.US_ASCII));
            probe.awaitText("END-42", Duration.ofSeconds(300));
            double secs = (System.nanoTime() - t0) / 1e9;
            int bytes = probe.size();
            System.out.printf("console throughput: %d bytes in %.2f s = %.0f KiB/s%n", bytes, secs, bytes / secs / 1024);
            String out = probe.text();
            int real = out.lastIndexOf("real");
            System.out.println("  the guest's own timing of the same write (busybox time): "
                    + (real < 0 ? "n/a" : out.substring(real, Math.min(out.length(), real + 40)).replaceAll("\\s+", " ")));

            // Keystroke round trip: one key out, its echo back.
            ConsoleProbe.awaitPrompt(console, probe, Duration.ofSeconds(10));
            long[] rtt = new long[200];
            for (int i = 0; i < rtt.length; i++) {
                CountDownLatch echoed = probe.expect();
                long s = System.nanoTime();
                console.write(new byte[] {'x'});
                if (!echoed.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no echo");
                }
                rtt[i] = System.nanoTime() - s;
                if (i % 50 == 49) {
                    console.write(new byte[] {0x15}); // Ctrl-U: clear the line
                    Thread.sleep(100);
                }
            }
            console.write(new byte[] {0x15, '\r'});
            Arrays.sort(rtt);
            System.out.printf("keystroke round trip: median %.1f ms, p95 %.1f ms, max %.1f ms (%d keys)%n",
                    rtt[rtt.length / 2] / 1e6, rtt[(int) (rtt.length * 0.95)] / 1e6, rtt[rtt.length - 1] / 1e6, rtt.length);
            console.close();
        } finally {
            lv.virshQuietly("destroy", name);
            lv.virshQuietly("undefine", name);
        }
    }

    /** A probe that can also signal the next byte that arrives. */
    private static final class Timed extends ConsoleProbe {
        private volatile CountDownLatch next;

        CountDownLatch expect() {
            CountDownLatch l = new CountDownLatch(1);
            next = l;
            return l;
        }

        @Override
        public synchronized void onData(byte[] data) {
            super.onData(data);
            CountDownLatch l = next;
            if (l != null) {
                l.countDown();
            }
        }
    }
}
