package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wharf snapshot list|create|revert|delete TARGET [NAME]}: a VM's snapshots — a libvirt
 * domain's (a tree, with memory when it runs) or a KubeVirt VM's VirtualMachineSnapshots. Revert asks
 * on the terminal unless {@code --yes}; when stdin is not a terminal (a script) it does not ask.
 */
@Command(name = "snapshot", usageHelpAutoWidth = true,
        description = {"List, take, revert to or delete a VM's snapshots (libvirt domains, KubeVirt VMs).",
            "  list TARGET            the snapshots (a tree: children under their parent; * marks the current one)",
            "  create TARGET NAME     with memory when the VM runs and its source can (libvirt), else disks only",
            "  revert TARGET NAME     asks first on a terminal (--yes: don't); KubeVirt restores only a stopped VM",
            "  delete TARGET NAME     the snapshot alone, or with --children its descendants too",
            "Exit code: 0; 1 if it failed or the VM cannot be snapshotted (the reason on stderr); 2 for a usage error."})
final class SnapshotCommand implements Callable<Integer> {
    static final long ANSWER_TIMEOUT_SECONDS = 120;

    enum Format { TABLE, JSON }

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "list, create, revert or delete")
    String verb;

    @Parameters(index = "1", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "vm/NAMESPACE/NAME (KubeVirt), vm/HOST-OR-URI/NAME (libvirt), or a UUID")
    Target target;

    @Parameters(index = "2", paramLabel = "NAME", arity = "0..1", description = "The snapshot (create, revert, delete).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "list: table (default) or json.")
    Format output = Format.TABLE;

    @Option(names = "--description", paramLabel = "TEXT", description = "create: what the snapshot is for.")
    String description = "";

    @Option(names = "--disk-only", description = "create: disks only, without the running guest's memory.")
    boolean diskOnly;

    @Option(names = "--children", description = "delete: its descendants too (libvirt's snapshot tree).")
    boolean children;

    @Option(names = {"-y", "--yes"}, description = "revert: do not ask.")
    boolean yes;

    private final Cli cli;
    private final WharfCommand root;

    SnapshotCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        String v = verb.toLowerCase(Locale.ROOT);
        if (!List.of("list", "create", "revert", "delete").contains(v)) {
            throw new ParameterException(spec.commandLine(), "'" + verb + "' is no snapshot command: use list, create, "
                    + "revert or delete");
        }
        if (!v.equals("list") && (name == null || name.isBlank())) {
            throw new ParameterException(spec.commandLine(), "snapshot " + v + " needs the snapshot's NAME after TARGET");
        }
        if (v.equals("list") && name != null) {
            throw new ParameterException(spec.commandLine(), "snapshot list takes no NAME");
        }
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            Source source = Cli.sourceOf(session, item, label);
            Snapshots snapshots = source.capability(Snapshots.class).filter(s -> s.covers(item))
                    .orElseThrow(() -> new WharfException(label + " cannot be snapshotted: only libvirt domains and "
                            + "KubeVirt VMs can"));
            if (session.readOnly() && !v.equals("list")) { // the capability refuses too; this says it in words
                throw dev.wharf.inventory.ReadOnly.refusal(item.source(), switch (v) {
                    case "create" -> "taking a snapshot of " + label;
                    case "revert" -> "reverting " + label + " to a snapshot";
                    default -> "deleting a snapshot of " + label;
                });
            }
            switch (v) {
                case "list" -> {
                    Snapshots.Listing l = await(snapshots.list(item), "list the snapshots of", label);
                    if (output == Format.JSON) {
                        cli.out().println(SnapshotOutput.json(item, l));
                        return 0;
                    }
                    if (l.unavailable() != null) {
                        throw new WharfException(l.unavailable());
                    }
                    cli.out().print(SnapshotOutput.table(l, cli.clock().instant()));
                    l.notes().forEach(n -> cli.err().println("wharf: " + n));
                    return 0;
                }
                case "create" -> {
                    Snapshots.Listing l = await(snapshots.list(item), "list the snapshots of", label);
                    if (l.unavailable() != null) {
                        throw new WharfException(l.unavailable());
                    }
                    boolean memory = !diskOnly && l.memory();
                    await(snapshots.create(item, name, description, memory), "snapshot", label);
                    cli.out().println(label + ": snapshot " + name + " taken (" + (memory ? "with memory" : "disks only") + ")");
                    return 0;
                }
                case "revert" -> {
                    if (!yes && cli.tty() && !confirm("Revert " + label + " to snapshot " + name
                            + "? What changed since it was taken is lost. [y/N] ")) {
                        cli.err().println("wharf: not reverted");
                        return 1;
                    }
                    try {
                        await(snapshots.revert(item, name), "revert", label);
                    } catch (WharfException e) {
                        if (e.getCause() instanceof Snapshots.StopFirst) {
                            throw new WharfException(e.getCause().getMessage() + " (wharf act stop "
                                    + target.text() + ")", e.getCause());
                        }
                        throw e;
                    }
                    cli.out().println(label + ": reverted to snapshot " + name);
                    return 0;
                }
                default -> {
                    await(snapshots.delete(item, name, children), "delete a snapshot of", label);
                    cli.out().println(label + ": snapshot " + name + " deleted" + (children ? " with its children" : ""));
                    return 0;
                }
            }
        }
    }

    private boolean confirm(String question) {
        cli.err().print(question);
        cli.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> T await(CompletableFuture<T> f, String what, String label) throws InterruptedException {
        try {
            return f.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WharfException(WharfException.userMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("no answer to " + what + " " + label + " within " + ANSWER_TIMEOUT_SECONDS
                    + " s: check with 'wharf snapshot list' whether it happened");
        }
    }
}
