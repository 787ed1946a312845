package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.TargetedMigration;
import dev.wharf.inventory.WharfException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf act ACTION TARGET...}: one lifecycle action, on one target or several. It is sent only when the item accepts
 * it now ({@link Item#actions()}); the result is the source's answer, not the new state (that
 * arrives later as an event: {@code wharf ls --watch} shows it).
 */
@Command(name = "act", usageHelpAutoWidth = true,
        description = {"Perform one action on VMs, microVMs, pods, nodes or hosts (one line per target).",
            "ACTION: start, stop, restart, pause, resume, migrate, delete, shutdown, reboot, force-off,",
            "  cordon, uncordon, drain (nodes), cancel-migration (VMs), restart-workload (a pod's controller).",
            "migrate --to NODE moves a KubeVirt VM to that node.",
            "TARGET: KIND/NAMESPACE/NAME (vm/prod/db, pod/default/web-1), KIND/HOST/NAME for libvirt",
            "(vm/qemu+tcp://127.0.0.1:16509/system/guest1, vm/h1/guest1), KIND/NAME, or a UUID."})
final class ActCommand implements Callable<Integer> {
    static final long ANSWER_TIMEOUT_SECONDS = 60;
    /** The item property in which a source lists actions the user's permissions deny ("migrate (RBAC)"). */
    static final String NOT_PERMITTED = "Not permitted";

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Parameters(index = "0", paramLabel = "ACTION", converter = Converters.ActionConverter.class,
            description = "start, stop, restart, pause, resume, migrate, delete, shutdown, reboot, force-off, cordon, "
                    + "uncordon, drain, cancel-migration, restart-workload")
    Action action;

    @Option(names = "--to", paramLabel = "NODE",
            description = "With migrate: the node to move the VM to (KubeVirt 1.3 and later); default: the scheduler picks.")
    String to;

    @Spec
    CommandSpec spec;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "vm/NAMESPACE/NAME, vm/HOST-OR-URI/NAME, pod/NAMESPACE/NAME, node/NAME, or a UUID; "
                    + "several: one line each, at most 4 at once, exit 1 if any failed")
    List<Target> targets;

    /** How many targets are acted on at once. */
    static final int PARALLEL = 4;

    private final Cli cli;
    private final WharfCommand root;

    ActCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (to != null && action != Action.MIGRATE) {
            throw new ParameterException(spec.commandLine(), "--to goes with migrate only");
        }
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            if (targets.size() == 1) {
                // one target: its line on stdout, a failure as the one error line (exit 1), as ever
                cli.out().println(act(session, outcomes, targets.get(0)));
                return 0;
            }
            return actOnAll(session, outcomes);
        }
    }

    /**
     * Several targets: at most {@link #PARALLEL} at once; one line each on stdout in the order
     * given ("vm/prod/db: stop requested", "vm/prod/web: failed: …"), a count on stderr when any
     * failed; 1 when any failed.
     */
    private int actOnAll(Session session, List<SourceSync.Outcome> outcomes) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, targets.size()), r -> {
            Thread t = new Thread(r, "wharf-act");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> lines = new ArrayList<>();
            for (Target t : targets) {
                lines.add(pool.submit(() -> {
                    try {
                        return act(session, outcomes, t);
                    } catch (WharfException e) {
                        return t.text() + ": failed: " + e.getMessage();
                    }
                }));
            }
            int failed = 0;
            for (Future<String> f : lines) {
                String line;
                try {
                    line = f.get();
                } catch (ExecutionException e) {
                    line = "failed: " + WharfException.userMessage(e.getCause());
                }
                failed += line.contains(": failed: ") || line.startsWith("failed: ") ? 1 : 0;
                cli.out().println(line);
            }
            cli.out().flush();
            if (failed > 0) {
                cli.err().println("wharf: " + failed + " of " + targets.size() + " failed");
                return 1;
            }
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Acts on one target; its line of output, or a WharfException that says why not. */
    private String act(Session session, List<SourceSync.Outcome> outcomes, Target target) {
        Item item = cli.find(session, outcomes, target);
        String label = Cli.label(target, item);
        if (!item.accepts(action)) {
            throw new WharfException(notAccepted(label, item, action));
        }
        Source source = Cli.sourceOf(session, item, label);
        try {
            if (to != null) {
                TargetedMigration m = source.capability(TargetedMigration.class).orElseThrow(() -> new WharfException(
                        label + " cannot be migrated to a chosen node: its source does not offer it (leave out --to)"));
                m.migrate(item, to).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } else {
                source.perform(item, action).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new WharfException("cannot " + action.wire() + " " + label + ": " + WharfException.userMessage(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("no answer to " + action.wire() + " " + label + " within "
                    + ANSWER_TIMEOUT_SECONDS + " s: check with `wharf ls` whether it happened");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WharfException("interrupted before " + label + " answered: check with `wharf ls` whether it happened");
        }
        return label + ": " + action.wire() + (to == null ? "" : " to " + to) + " requested";
    }

    /**
     * Why the item does not take the action now, naming its state and what it accepts:
     * "vm/prod/db is running: it accepts stop, restart, pause, migrate"; when the source marked
     * the action as not permitted (the "Not permitted" property), that is said first.
     */
    static String notAccepted(String label, Item item, Action action) {
        String state = item.state().wire() + (item.stale() ? " (last known: its source is unreachable)" : "");
        String accepts = item.actions().isEmpty() ? "it accepts no action now"
                : "it accepts " + item.actions().stream().map(Action::wire).collect(Collectors.joining(", "));
        String denied = item.properties().getOrDefault(NOT_PERMITTED, "");
        if (Arrays.asList(denied.split("[,\\s()]+")).contains(action.wire())) {
            return label + " is " + state + ": your permissions do not allow " + action.wire() + " (" + denied
                    + "); " + accepts + " — ask your cluster admin for the right role";
        }
        return label + " is " + state + ": " + accepts
                + (item.actions().isEmpty() ? " (wait until it settles, or check your permissions)" : "");
    }
}
