package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogSource;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wharf logs TARGET}: an item's log on stdout, with the flags and output of
 * {@code kubectl logs}: a pod's container (the default as kubectl picks it, said on stderr),
 * a VM's guest console log ({@code -c compute}: its launcher's), every container merged by
 * timestamp, the previous instance, since, tail, timestamps, prefixes; a libvirt domain's serial
 * console log or QEMU log ({@code -c serial|qemu}, read from the host's files). {@code -f} follows across
 * drops and restarts; what Wharf adds to the stream (a restart, a gap, the end of a pod) goes to
 * stderr, so stdout holds the log alone.
 */
@Command(name = "logs", usageHelpAutoWidth = true,
        description = {"Print the log of a pod's container, a microVM pod, a VM's guest console (like kubectl logs),",
            "or a libvirt domain's serial console log or QEMU log (-c serial|qemu).",
            "Exit code: 0; 1 if the log cannot be read; 2 for a usage error."})
final class LogsCommand implements Callable<Integer> {
    static final long OPEN_TIMEOUT_SECONDS = 30;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "pod/NAMESPACE/NAME, vm/NAMESPACE/NAME, microvm/NAMESPACE/NAME, or a UUID")
    Target target;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines (across reconnects and restarts) until Ctrl+C.")
    boolean follow;

    @Option(names = {"-c", "--container"}, paramLabel = "NAME",
            description = "The container (default: kubectl's default container); for a KubeVirt VM: guest-console-log (default)"
                    + " or compute; for a libvirt domain: serial (default, when its serial console is logged) or qemu.")
    String container;

    @Option(names = "--all-containers", description = "Every container of the pod, merged by timestamp.")
    boolean allContainers;

    @Option(names = {"-p", "--previous"}, description = "The previous instance of the container (before its last restart).")
    boolean previous;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only lines newer than this (5s, 2m, 3h, 1h30m).")
    String since;

    @Option(names = "--since-time", paramLabel = "RFC3339", description = "Only lines at or after this time (2026-12-02T10:00:00Z).")
    String sinceTime;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Only the last N lines (-1: all).")
    int tail;

    @Option(names = "--timestamps", description = "Start each line with its timestamp (RFC 3339, nanoseconds).")
    boolean timestamps;

    @Option(names = "--prefix", description = "Start each line with its source: [pod/NAME/CONTAINER].")
    boolean prefix;

    private final Cli cli;
    private final WharfCommand root;

    LogsCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        LogRequest request = request();
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            if (item.facet(LogStreams.class).isEmpty()) {
                throw new WharfException(label + " has no logs: pods, microVM pods, VMs and libvirt domains have");
            }
            Source source = Cli.sourceOf(session, item, label);
            LogSource logs = source.capability(LogSource.class).orElseThrow(() -> new WharfException(
                    label + ": Wharf cannot read logs from " + source.id() + " yet"));
            LogFeed feed;
            try {
                feed = logs.openLog(item, request).get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new WharfException(WharfException.userMessage(e.getCause()), e.getCause());
            } catch (TimeoutException e) {
                throw new WharfException("the log of " + label + " did not open within " + OPEN_TIMEOUT_SECONDS
                        + " s: check the connection, then try again");
            }
            return print(feed);
        }
    }

    /** Prints the feed until it ends: lines to stdout in large writes, markers and notices to stderr. */
    private int print(LogFeed feed) throws InterruptedException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>(100_000);
        Object endOk = new Object();
        feed.start(new LogFeed.Listener() {
            @Override
            public void onLine(LogLine line) {
                try {
                    queue.put(line);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onEnd(WharfException error) {
                queue.add(error == null ? endOk : error);
            }
        });
        OutputStream out = new BufferedOutputStream(cli.out(), 1 << 16);
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, 8_192);
                for (Object o : batch) {
                    if (o == endOk) {
                        out.flush();
                        return 0;
                    }
                    if (o instanceof WharfException e) {
                        out.flush();
                        throw e;
                    }
                    LogLine l = (LogLine) o;
                    if (l.isMarker()) {
                        out.flush();
                        cli.err().println(l.kind() == LogLine.Kind.NOTICE ? l.text() : "wharf: " + l.text());
                        cli.err().flush();
                    } else {
                        write(out, l);
                    }
                }
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new WharfException("cannot write the log: " + e.getMessage(), e);
        } finally {
            feed.close();
        }
    }

    private void write(OutputStream out, LogLine l) throws IOException {
        StringBuilder s = new StringBuilder(l.text().length() + 64);
        if (prefix && l.origin() != null) {
            s.append('[').append(l.origin()).append("] ");
        }
        if (timestamps && l.timestamp() != null) {
            s.append(l.timestamp()).append(' ');
        }
        s.append(l.text()).append('\n');
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private LogRequest request() {
        if (container != null && allContainers) {
            throw usage("--container and --all-containers cannot be used together");
        }
        if (since != null && sinceTime != null) {
            throw usage("at most one of --since and --since-time may be given");
        }
        Long sinceSeconds = since == null ? null : sinceSeconds(since);
        Instant sinceInstant = null;
        if (sinceTime != null) {
            try {
                sinceInstant = OffsetDateTime.parse(sinceTime).toInstant();
            } catch (DateTimeParseException e) {
                throw usage("invalid --since-time '" + sinceTime + "': use RFC 3339, e.g. 2026-12-02T10:00:00Z");
            }
        }
        if (tail < -1) {
            throw usage("--tail must be -1 (all) or a number of lines");
        }
        return new LogRequest(container, allContainers, follow, previous, sinceSeconds, sinceInstant,
                tail < 0 ? null : tail, timestamps);
    }

    /** A Go duration (what kubectl's --since takes), rounded to whole seconds, at least 1. */
    private long sinceSeconds(String text) {
        Matcher m = DURATION.matcher(text);
        double seconds = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            seconds += switch (m.group(2)) {
                case "h" -> v * 3600;
                case "m" -> v * 60;
                case "s" -> v;
                case "ms" -> v / 1e3;
                case "us", "µs" -> v / 1e6;
                default -> v / 1e9;
            };
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw usage("invalid --since '" + text + "': use a duration like 30s, 5m, 2h or 1h30m");
        }
        return Math.max(1, Math.round(seconds));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
