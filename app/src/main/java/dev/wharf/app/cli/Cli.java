package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ReadOnly;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code wharf} command line, wired by its constructor: where sessions come from, where the
 * desktop is, the terminal's streams and the clock. {@link dev.wharf.app.Main} builds the real
 * one; tests build one on fake sources and byte streams.
 *
 * <p>Exit codes: 0 done; 3 {@code wharf audit --fail-on} found a finding that bad; 1 an operational failure (a source unreachable or refusing, a target
 * not found, an action not accepted), told in one line on stderr starting with {@code wharf: };
 * 2 a usage error (an unknown option, a malformed target or action), with a hint to
 * {@code --help}. A stack trace only with {@code --debug}.
 */
public final class Cli {

    /** Opens the sources of a run: {@code Sessions.open} in real use, fake sources in tests. */
    @FunctionalInterface
    public interface SessionOpener {
        Session open(SourceOptions options, CredentialPrompt prompt);
    }

    /** The embedded lab for {@code wharf lab}, as far as the command needs to know it. */
    public interface LabHandle extends AutoCloseable {
        /** A kubeconfig file for kubectl and {@code wharf --kubeconfig}. */
        String kubeconfig();

        /** libvirt URIs for virsh and {@code wharf --libvirt}. */
        List<String> libvirtUris();

        /** What the lab could not provide and why (libvirt missing); empty when all is there. */
        String notice();

        @Override
        void close();
    }

    /** Starts the lab; throws a {@link WharfException} when it cannot. */
    @FunctionalInterface
    public interface LabStarter {
        LabHandle start();
    }

    private final SessionOpener sessions;
    private final ToIntFunction<SourceOptions> desktop;
    private final LabStarter lab;
    private final InputStream in;
    private final boolean tty;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final CredentialPrompt prompt;
    private final Duration syncTimeout;

    private Cli(Builder b) {
        this.sessions = b.sessions;
        this.desktop = b.desktop;
        this.lab = b.lab;
        this.in = b.in;
        this.tty = b.tty;
        this.out = b.out;
        this.err = b.err;
        this.clock = b.clock;
        this.prompt = b.prompt;
        this.syncTimeout = b.syncTimeout;
    }

    /** A command line; every part has a default but the sessions (none: commands fail), see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Wires a {@link Cli}. */
    public static final class Builder {
        private SessionOpener sessions = (o, p) -> {
            throw new WharfException("no sources configured");
        };
        private ToIntFunction<SourceOptions> desktop = o -> {
            throw new WharfException("the desktop is not available here");
        };
        private LabStarter lab = () -> {
            throw new WharfException("the lab is not available here");
        };
        private InputStream in = InputStream.nullInputStream();
        private boolean tty;
        private PrintStream out = System.out;
        private PrintStream err = System.err;
        private Clock clock = Clock.systemUTC();
        private CredentialPrompt prompt = CredentialPrompt.NONE;
        private Duration syncTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /** Opens the chosen sources. */
        public Builder sessions(SessionOpener v) { sessions = v; return this; }

        /** Runs the desktop window when no command is given; returns the exit code. */
        public Builder desktop(ToIntFunction<SourceOptions> v) { desktop = v; return this; }

        /** Starts the lab for {@code wharf lab}. */
        public Builder lab(LabStarter v) { lab = v; return this; }

        /** The terminal's input; {@code tty}: whether it is an interactive terminal (raw mode for consoles). */
        public Builder in(InputStream v, boolean isTty) { in = v; tty = isTty; return this; }

        public Builder out(PrintStream v) { out = v; return this; }

        public Builder err(PrintStream v) { err = v; return this; }

        /** For ages. */
        public Builder clock(Clock v) { clock = v; return this; }

        /** Asks for credentials. */
        public Builder prompt(CredentialPrompt v) { prompt = v; return this; }

        /** How long one-shot commands wait for the sources' first listing. */
        public Builder syncTimeout(Duration v) { syncTimeout = v; return this; }

        public Cli build() {
            return new Cli(this);
        }
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        WharfCommand root = new WharfCommand(this);
        CommandLine cl = new CommandLine(root);
        cl.addSubcommand("ls", new LsCommand(this, root));
        cl.addSubcommand("act", new ActCommand(this, root));
        cl.addSubcommand("console", new ConsoleCommand(this, root));
        cl.addSubcommand("vnc", new VncCommand(this, root));
        cl.addSubcommand("logs", new LogsCommand(this, root));
        cl.addSubcommand("port-forward", new PortForwardCommand(this, root));
        cl.addSubcommand("audit", new AuditCommand(this, root));
        cl.addSubcommand("top", new TopCommand(this, root));
        cl.addSubcommand("edit", new EditCommand(this, root));
        cl.addSubcommand("snapshot", new SnapshotCommand(this, root));
        cl.addSubcommand("lab", new LabCommand(this, root));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(usageErrors());
        cl.setExecutionExceptionHandler(failures(debug));
        int code;
        try {
            code = cl.execute(args);
        } catch (LinkageError e) {
            // A class missing at run time: the installation is broken, not the user's input.
            err.println("wharf: this installation is incomplete (" + e + "); rebuild it with ./mvnw package"
                    + " or reinstall the package");
            if (debug) {
                e.printStackTrace(err);
            }
            code = 1;
        }
        out.flush();
        if (outputFailed()) {
            if (!(out instanceof CheckedOutput co && co.readerGone())) {
                err.println("wharf: cannot write the output: " + outputFailure()
                        + " (check the disk or the file you redirected it to)");
            }
            code = Math.max(code, 1);
        }
        err.flush();
        return code;
    }

    /** Whether stdout failed or its reader went away: nothing more can be shown, the command should end. */
    boolean outputFailed() {
        return out instanceof CheckedOutput co ? co.closed() : out.checkError();
    }

    private String outputFailure() {
        String why = out instanceof CheckedOutput co ? co.failure() : null;
        return why == null ? "standard output is closed" : why;
    }

    private IParameterExceptionHandler usageErrors() {
        return (ParameterException e, String[] args) -> {
            CommandLine cmd = e.getCommandLine();
            boolean unknownCommand = e instanceof UnmatchedArgumentException u && cmd.getParent() == null
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-");
            err.println(oneLine("wharf: " + (unknownCommand
                    ? "unknown command '" + ((UnmatchedArgumentException) e).getUnmatched().get(0) + "' (commands: "
                            + String.join(", ", cmd.getSubcommands().keySet()) + ")"
                    : e.getMessage())));
            UnmatchedArgumentException.printSuggestions(e, new PrintWriter(err, true));
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        };
    }

    private IExecutionExceptionHandler failures(boolean debug) {
        return (Exception e, CommandLine cmd, ParseResult parsed) -> {
            if (e instanceof SourcesFailed) {
                return 1;
            }
            String message = WharfException.userMessage(e);
            boolean expected = isWharf(e);
            err.println(oneLine("wharf: " + message + (expected || debug ? "" : " (run with --debug for details)")));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        };
    }

    /**
     * {@code s} as one line whatever it holds: a control character (a newline in a target, an
     * escape sequence in a server's answer) is shown escaped ({@code \\n}, {@code \\x1b}), never
     * passed to the terminal raw.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Prints {@code line} on stderr as one line (see {@link #oneLine}). */
    void say(String line) {
        err.println(oneLine(line));
    }

    private static boolean isWharf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WharfException) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------ for the commands

    /** The options of a run, root's and the command's together; sets up logging for them. */
    SourceOptions begin(GlobalOptions root, GlobalOptions command) {
        SourceOptions o = root.merge(command);
        Logging.configure(o.debug());
        return o;
    }

    /**
     * An open session that is closed on leaving the command, and also when the JVM is ended
     * (Ctrl+C, kill): the lab and daemons it started must not outlive {@code wharf}. The
     * session's inventory was made for this command alone: it is closed with it.
     */
    static final class Opened implements AutoCloseable {
        private final Session session;
        private final Thread hook;

        Opened(Session session) {
            this.session = session;
            this.hook = new Thread(session::close, "wharf-close-session");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        Session session() {
            return session;
        }

        @Override
        public void close() {
            session.close();
            session.inventory().close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook closes the session
            }
        }
    }

    /** Opens the session (closed with the returned handle) and prints its notices. */
    Opened open(SourceOptions o) {
        Session s = sessions.open(o, prompt);
        s.setReadOnly(o.readOnly());
        s.notices().forEach(n -> err.println(oneLine("wharf: note: " + n)));
        return new Opened(s);
    }

    /**
     * Starts the sources, waits for their first listing, prints a line on stderr for each problem.
     *
     * @param live keep watching afterwards ({@code ls --watch}); else one listing is all that is needed
     */
    List<SourceSync.Outcome> startAndSync(Session s, boolean live) {
        if (live) {
            s.start();
        } else {
            s.startOnce();
        }
        List<SourceSync.Outcome> outcomes = SourceSync.awaitAll(s.sources(), s.inventory(), syncTimeout);
        for (SourceSync.Outcome o : outcomes) {
            String problem = o.problem(syncTimeout);
            if (problem != null) {
                err.println(oneLine("wharf: " + problem));
            }
        }
        return outcomes;
    }

    /**
     * The item {@code target} names, once the sources listed; a {@link WharfException} when
     * every source failed (their lines are on stderr already) or when the target names nothing,
     * or several things.
     */
    Item find(Session s, List<SourceSync.Outcome> outcomes, Target target) {
        if (!outcomes.isEmpty() && outcomes.stream().noneMatch(SourceSync.Outcome::ok)) {
            throw new SourcesFailed();
        }
        try {
            return target.resolve(s.inventory().snapshot());
        } catch (WharfException e) {
            List<String> failed = outcomes.stream().filter(o -> !o.ok())
                    .map(o -> o.info() == null ? o.source().id() : SourceLabels.of(o.info())).toList();
            if (failed.isEmpty()) {
                throw e;
            }
            throw new WharfException(e.getMessage() + "; " + String.join(", ", failed) + " could not be listed");
        }
    }

    /** How to name {@code item} in messages: as the user typed it, or by kind/name when they gave a UUID. */
    static String label(Target target, Item item) {
        return target.uuid() != null ? Target.label(item) : target.text();
    }

    /**
     * The open source {@code item} comes from, which acts on it and opens its consoles; under
     * {@code --read-only} guarded by {@link ReadOnly} (as the window's Backend does): every command
     * that acts goes through here.
     */
    static Source sourceOf(Session s, Item item, String label) {
        Source src = s.sources().stream().filter(x -> x.id().equals(item.source())).findFirst()
                .orElseThrow(() -> new WharfException(label + ": its source " + item.source() + " is not open"));
        return s.readOnly() ? ReadOnly.source(src, item.source()) : src;
    }

    /** Every source failed; each got its line on stderr already. */
    static final class SourcesFailed extends WharfException {
        private static final long serialVersionUID = 1L;

        SourcesFailed() {
            super("no source could be listed");
        }
    }

    /**
     * Blocks until Ctrl+C (or another signal that ends the JVM; the session is then closed by
     * {@link Opened}'s hook) or until the thread is interrupted.
     */
    void awaitShutdown() {
        awaitShutdown(() -> false);
    }

    /** As {@link #awaitShutdown()}, also returning once {@code stopWhen} answers true (checked twice a second). */
    void awaitShutdown(java.util.function.BooleanSupplier stopWhen) {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "wharf-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stop.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stopWhen.getAsBoolean()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    LabHandle startLab() {
        return lab.start();
    }

    int desktop(SourceOptions o) {
        return desktop.applyAsInt(o);
    }

    InputStream in() {
        return in;
    }

    boolean tty() {
        return tty;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Clock clock() {
        return clock;
    }

    Duration syncTimeout() {
        return syncTimeout;
    }
}
