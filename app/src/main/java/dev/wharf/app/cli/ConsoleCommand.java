package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf console TARGET}: the terminal joined to an item's console, like
 * {@code virsh console}. A VM's serial console when it offers one, else a shell in the pod
 * (exec), or with {@code --attach} the container's main process. Ctrl+] leaves.
 */
@Command(name = "console", usageHelpAutoWidth = true,
        description = {"Attach this terminal to a console: a VM's serial console, a shell in a pod or microVM.",
            "Ctrl+] leaves. Exit code: 0, or the shell's exit status; 1 if the console was lost."})
final class ConsoleCommand implements Callable<Integer> {
    static final long OPEN_TIMEOUT_SECONDS = 30;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "vm/NAMESPACE/NAME, vm/HOST-OR-URI/NAME, pod/NAMESPACE/NAME, or a UUID")
    Target target;

    @Parameters(index = "1..*", paramLabel = "COMMAND",
            description = "For a pod: the command to run instead of the default shell (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = "--attach", description = "Attach to the container's main process instead of starting a shell.")
    boolean attach;

    @Option(names = "--force", description = "Take over a serial console another client holds.")
    boolean force;

    @Option(names = {"-c", "--container"}, paramLabel = "NAME", description = "The pod's container (default: the first).")
    String container;

    private final Cli cli;
    private final WharfCommand root;

    ConsoleCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            ConsoleType type = choose(item, label);
            Source source = Cli.sourceOf(session, item, label);
            int[] size = cli.tty() ? RawTerminal.size() : null;
            ConsoleRequest request = new ConsoleRequest(type, force, container, command,
                    size == null ? 80 : size[0], size == null ? 24 : size[1]);
            ConsoleStream stream;
            try {
                stream = source.openConsole(item, request).get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new WharfException("cannot open the console of " + label + ": "
                        + WharfException.userMessage(e.getCause()), e.getCause());
            } catch (TimeoutException e) {
                throw new WharfException("the console of " + label + " did not open within "
                        + OPEN_TIMEOUT_SECONDS + " s: check that it is running, then try again");
            }
            cli.err().println("Connected to " + stream.description());
            cli.err().println("Escape character is ^] (Ctrl + ])");
            cli.err().flush();
            ConsoleSession.Result result;
            RawTerminal raw = cli.tty() ? RawTerminal.enter() : null;
            ScheduledExecutorService resizer = raw == null ? null : followTerminalSize(stream, size);
            try {
                result = new ConsoleSession(cli.in(), cli.out()).run(stream, label);
            } finally {
                if (resizer != null) {
                    resizer.shutdownNow();
                }
                if (raw != null) {
                    raw.close();
                }
            }
            cli.err().println();
            if (result.message() != null) {
                cli.say("wharf: " + result.message());
            }
            return result.exitCode();
        }
    }

    /**
     * Tells the far end when the terminal changes size (checked every second: Java has no
     * portable SIGWINCH). Exec consoles pass it on; a serial line has no way to and ignores it.
     */
    private static ScheduledExecutorService followTerminalSize(ConsoleStream stream, int[] initial) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-console-resize");
            t.setDaemon(true);
            return t;
        });
        int[] last = initial == null ? new int[] {0, 0} : initial.clone();
        s.scheduleWithFixedDelay(() -> {
            int[] now = RawTerminal.size();
            if (now != null && (now[0] != last[0] || now[1] != last[1])) {
                last[0] = now[0];
                last[1] = now[1];
                try {
                    stream.resize(now[0], now[1]);
                } catch (RuntimeException e) {
                    // the stream is ending; the session reports that
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    /** SERIAL for what has a serial console, EXEC for a pod or microVM, ATTACH on request. */
    private ConsoleType choose(Item item, String label) {
        List<ConsoleType> wanted = attach ? List.of(ConsoleType.ATTACH)
                : !command.isEmpty() ? List.of(ConsoleType.EXEC)
                : List.of(ConsoleType.SERIAL, ConsoleType.EXEC);
        for (ConsoleType t : wanted) {
            if (item.consoles().contains(t)) {
                return t;
            }
        }
        if (item.consoles().isEmpty()) {
            if (item.kind() == Kind.HOST || item.kind() == Kind.NODE) {
                throw new WharfException(label + " is a " + item.kind().wire() + ": it offers no console"
                        + " (consoles are on VMs, microVMs and pods: wharf ls lists them)");
            }
            if (item.actions().contains(Action.START)) {
                throw new WharfException(label + " is " + item.state().wire()
                        + ": it offers no console until it runs (start it first: wharf act start " + label + ")");
            }
            throw new WharfException(label + " is " + item.state().wire()
                    + ": it offers no console now" + (item.stale() ? " (its source is unreachable)"
                            : " (check your permissions)"));
        }
        throw new WharfException(label + " offers no " + wanted.get(0).wire() + " console; it offers "
                + item.consoles().stream().map(ConsoleType::wire).toList()
                + (attach ? " (leave out --attach)" : ""));
    }
}
