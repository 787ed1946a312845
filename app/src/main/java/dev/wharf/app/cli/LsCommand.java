package dev.wharf.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wharf ls}: the inventory as a table or JSON. Waits for every source's first listing
 * (in parallel, at most the sync timeout), prints one stderr line per source in error, then the
 * inventory. Exit code 1 when every source failed, else 0. {@code --watch} keeps printing
 * changed rows until Ctrl+C.
 */
@Command(name = "ls", usageHelpAutoWidth = true,
        description = {"List hosts, nodes, VMs, microVMs and pods.",
            "Waits for every source's first listing; a source in error gets one line on stderr.",
            "Exit code 1 if every source failed, else 0."})
final class LsCommand implements Callable<Integer> {
    enum Format { TABLE, JSON }

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format output = Format.TABLE;

    @Option(names = {"-a", "--all"}, description = "Also list items owned by others (a VM's virt-launcher pod).")
    boolean all;

    @Option(names = {"-w", "--watch"}, description = "Keep printing changes until Ctrl+C.")
    boolean watch;

    private final Cli cli;
    private final WharfCommand root;

    LsCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() {
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, watch);
            boolean allFailed = !outcomes.isEmpty() && outcomes.stream().noneMatch(SourceSync.Outcome::ok);
            if (watch) {
                Watcher w = new Watcher(cli.out());
                AutoCloseable sub = session.inventory().subscribe(w::onChange);
                try {
                    cli.awaitShutdown(cli::outputFailed); // `| head -1` ended: so do we
                } finally {
                    try {
                        sub.close();
                    } catch (Exception e) {
                        // nothing to release
                    }
                }
                return 0;
            }
            InventorySnapshot snap = session.inventory().snapshot();
            List<Item> items = listed(snap.items());
            if (output == Format.JSON) {
                cli.out().println(ItemJson.pretty(ItemJson.document(snap, items)));
            } else if (!items.isEmpty()) {
                cli.out().print(ItemTable.forSnapshot(snap).render(snap, items, cli.clock().instant()));
            } else if (!allFailed) {
                cli.err().println("wharf: nothing to list" + (all ? "" : " (--all shows owned items too)"));
            }
            return allFailed ? 1 : 0;
        }
    }

    private List<Item> listed(List<Item> items) {
        return all ? items : items.stream().filter(Item::listedByDefault).toList();
    }

    /** Prints the first delta as a table and then changed rows; JSON lines with {@code -o json}. */
    private final class Watcher {
        private final PrintStream out;
        private final Map<String, Item> items = new HashMap<>();
        private final Map<String, SourceInfo> sources = new LinkedHashMap<>();
        private ItemTable table;
        private final java.util.Set<String> down = new java.util.HashSet<>();

        Watcher(PrintStream out) {
            this.out = out;
        }

        void onChange(InventoryDelta d) {
            List<Item> removed = new ArrayList<>();
            for (String id : d.removed()) {
                Item gone = items.remove(id);
                if (gone != null) {
                    removed.add(gone);
                }
            }
            d.removedSources().forEach(sources::remove);
            for (SourceInfo s : d.sources()) {
                SourceInfo before = sources.put(s.id(), s);
                reportSource(before, s);
            }
            d.upserted().forEach(i -> items.put(i.id(), i));
            InventorySnapshot snap = new InventorySnapshot(new ArrayList<>(sources.values()), new ArrayList<>(items.values()));
            List<Item> changed = new ArrayList<>(listed(d.upserted()));
            changed.sort(ItemTable.ROW_ORDER);
            List<Item> gone = listed(removed);
            if (output == Format.JSON) {
                if (!d.initial() && d.sources().isEmpty() && changed.isEmpty() && gone.isEmpty()) {
                    return; // only items that are not listed changed: no empty line
                }
                ObjectNode line = ItemJson.document(new InventorySnapshot(d.sources(), snap.items()), changed);
                line.put("initial", d.initial());
                ArrayNode ids = line.putArray("removed");
                gone.forEach(i -> ids.add(i.id()));
                out.println(ItemJson.line(line));
            } else if (table == null) {
                table = ItemTable.forSnapshot(snap);
                out.print(table.render(snap, changed, cli.clock().instant()));
            } else {
                out.print(table.rows(snap, changed, cli.clock().instant(), null));
                out.print(table.rows(snap, gone, cli.clock().instant(), "deleted"));
            }
            out.flush();
        }

        /**
         * One stderr line when a source goes into error (its items are then the last known ones,
         * stale) and one when it is connected again, whatever it went through in between
         * (ERROR → CONNECTING → CONNECTED). JSON mode has the source record in its line instead.
         */
        private void reportSource(SourceInfo before, SourceInfo now) {
            if (before == null || output == Format.JSON) {
                if (now.status() == SourceStatus.ERROR) {
                    down.add(now.id());
                }
                return;
            }
            if (now.status() == SourceStatus.ERROR && down.add(now.id())) {
                cli.say("wharf: " + SourceLabels.of(now) + ": " + now.message());
            } else if (now.status() == SourceStatus.CONNECTED && down.remove(now.id())) {
                cli.say("wharf: " + SourceLabels.of(now) + ": connected again");
            }
            cli.err().flush();
        }
    }
}
