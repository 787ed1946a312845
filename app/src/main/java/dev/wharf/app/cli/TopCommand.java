package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf top}: CPU, memory, disk and network of hosts, nodes, pods (and microVMs) and VMs,
 * from every source that measures usage ({@link UsageSource}). Waits for each source's first complete
 * figures: a metrics-server list, or two libvirt samples (rates need two, at least a second apart).
 * A source that cannot measure gets one line on stderr (its note). Exit code 1 when every source
 * failed to list, else 0.
 */
@Command(name = "top", usageHelpAutoWidth = true,
        description = {"Show CPU, memory, disk and network usage of hosts, nodes, pods and VMs.",
            "Waits for each source's first figures (libvirt needs two samples, about a second apart).",
            "A figure not known shows n/a (null in JSON), never 0. Exit code 1 if every source failed, else 0."})
final class TopCommand implements Callable<Integer> {
    /** How long to wait for the first complete figures of every source. */
    static final Duration FIGURES_TIMEOUT = Duration.ofSeconds(20);

    enum Format { TABLE, JSON }

    enum Sort { CPU, MEMORY }

    enum What {
        NODES(Set.of(Kind.NODE)), PODS(Set.of(Kind.POD, Kind.MICROVM)), VMS(Set.of(Kind.VM)), HOSTS(Set.of(Kind.HOST));

        final Set<Kind> kinds;

        What(Set<Kind> kinds) {
            this.kinds = kinds;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT",
            description = "nodes, pods (microVMs too), vms or hosts; all of them when left out.")
    What what;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format output = Format.TABLE;

    @Option(names = "--sort", paramLabel = "BY", description = "cpu or memory, highest first (default: by kind and name).")
    Sort sort;

    private final Cli cli;
    private final WharfCommand root;

    TopCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            boolean allFailed = !outcomes.isEmpty() && outcomes.stream().noneMatch(SourceSync.Outcome::ok);
            if (allFailed) {
                return 1;
            }
            Map<String, Usage> usages = measure(session);
            List<TopOutput.Row> rows = rows(session, usages);
            if (output == Format.JSON) {
                cli.out().println(TopOutput.json(rows));
            } else if (rows.isEmpty()) {
                cli.err().println("wharf: nothing to show" + (what == null ? "" : " (no " + what + ")"));
            } else {
                cli.out().print(TopOutput.table(rows));
            }
            return 0;
        }
    }

    /** Watches every source's usage until each has given complete figures (or said why not), at most {@link #FIGURES_TIMEOUT}. */
    private Map<String, Usage> measure(Session session) throws InterruptedException {
        Map<String, Usage> usages = new ConcurrentHashMap<>();
        Map<String, String> notes = new ConcurrentHashMap<>();
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        List<UsageSource.Watch> watches = new ArrayList<>();
        Object done = new Object();
        try {
            for (Source s : session.sources()) {
                UsageSource u = s.capability(UsageSource.class).orElse(null);
                if (u == null) {
                    continue;
                }
                waiting.add(s.id());
                UsageSource.Watch w = u.watchUsage(poll -> {
                    poll.usages().forEach(x -> usages.put(x.itemId(), x));
                    if (complete(poll)) {
                        if (!poll.note().isEmpty()) {
                            notes.put(poll.source(), poll.note());
                        }
                        waiting.remove(poll.source());
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                });
                w.focus(session.inventory().snapshot().items().stream().filter(i -> i.source().equals(s.id()))
                        .map(Item::id).collect(java.util.stream.Collectors.toSet()));
                watches.add(w);
            }
            long deadline = System.nanoTime() + FIGURES_TIMEOUT.toNanos();
            synchronized (done) {
                while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                    done.wait(Math.max(1, Math.min(250, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                }
            }
        } finally {
            watches.forEach(UsageSource.Watch::close);
        }
        for (Map.Entry<String, String> n : notes.entrySet()) {
            cli.err().println(Cli.oneLine("wharf: " + label(session, n.getKey()) + ": " + n.getValue()));
        }
        for (String s : waiting) {
            cli.err().println("wharf: " + label(session, s) + ": no usage figures within " + FIGURES_TIMEOUT.toSeconds()
                    + " s; its figures show n/a");
        }
        return usages;
    }

    /** A poll completes a source's figures when it says why there are none, or when every figure covers a window (libvirt's first sample does not). */
    static boolean complete(UsagePoll p) {
        return !p.note().isEmpty() || p.usages().stream().allMatch(u -> u.window() != null);
    }

    private static String label(Session session, String sourceId) {
        SourceInfo info = session.inventory().source(sourceId).orElse(null);
        return info == null ? sourceId : SourceLabels.of(info);
    }

    private List<TopOutput.Row> rows(Session session, Map<String, Usage> usages) {
        List<TopOutput.Row> rows = new ArrayList<>();
        for (Item i : session.inventory().snapshot().items()) {
            if (!i.listedByDefault() || (what != null && !what.kinds.contains(i.kind()))) {
                continue;
            }
            rows.add(new TopOutput.Row(i, usages.get(i.id())));
        }
        Comparator<TopOutput.Row> byName = Comparator.comparing((TopOutput.Row r) -> r.item().kind())
                .thenComparing(r -> r.item().namespace() == null ? "" : r.item().namespace())
                .thenComparing(r -> r.item().name());
        Comparator<TopOutput.Row> order = sort == null ? byName
                : Comparator.comparing((TopOutput.Row r) -> sort == Sort.CPU ? r.cores() : (Double) (r.bytes() == null
                        ? null : r.bytes().doubleValue()), Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byName);
        rows.sort(order);
        return rows;
    }
}
