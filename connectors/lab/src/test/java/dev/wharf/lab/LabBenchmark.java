package dev.wharf.lab;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.libvirt.LibvirtConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark (not a test): time from {@link Lab#start} until the sources over it have put a
 * complete inventory in place (every source listed and delivered), with libvirt's test driver
 * or with one real guest on the lab's own libvirt daemon ("embedded" mode). Run (figures in the module README):
 *
 * <pre>
 * ./mvnw -B -q -pl connectors/lab -am install -DskipTests
 * ./mvnw -B -q -pl connectors/lab test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.wharf.lab.LabBenchmark -Dexec.args="test 5"       # or "embedded 5"
 * </pre>
 */
public final class LabBenchmark {

    private LabBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "test";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Lab.Options options = mode.startsWith("emb")
                ? new Lab.Options(Lab.LibvirtMode.EMBEDDED_QEMU, 1, Duration.ofSeconds(1))
                : new Lab.Options(Lab.LibvirtMode.TEST_DRIVER, 0, Duration.ofSeconds(1));
        System.out.printf(Locale.ROOT, "mode=%s runs=%d cpus=%d java=%s%n", mode, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            Lab lab = Lab.start(options);
            long started = System.nanoTime();
            Inventory inventory = new Inventory();
            List<Source> sources = lab.sources(inventory);
            try {
                sources.forEach(Source::start);
                for (Source s : sources) {
                    boolean ok = s instanceof KubernetesConnection k ? k.awaitInitialSync(Duration.ofSeconds(60))
                            : ((LibvirtConnection) s).awaitInitialSync(Duration.ofSeconds(60));
                    if (!ok) {
                        throw new IllegalStateException(s.id() + " did not list: " + inventory.source(s.id()));
                    }
                }
                inventory.awaitDelivered(Duration.ofSeconds(10));
                long complete = System.nanoTime();
                Map<Kind, Long> kinds = inventory.snapshot().items().stream()
                        .collect(Collectors.groupingBy(Item::kind, Collectors.counting()));
                System.out.printf(Locale.ROOT, "run %d: Lab.start %5d ms, to complete inventory %5d ms "
                                + "(%d items %s; libvirt %s%s)%n", i, (started - t0) / 1_000_000,
                        (complete - t0) / 1_000_000, inventory.snapshot().items().size(), kinds, lab.libvirtUris(),
                        lab.notice().isEmpty() ? "" : "; notice: " + lab.notice());
            } finally {
                sources.forEach(Source::close);
                inventory.close();
                lab.close();
            }
        }
        // The lab's Vert.x server threads are not daemons: end the benchmark's JVM explicitly.
        System.exit(0);
    }
}
