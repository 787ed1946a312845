package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wharf port-forward TARGET [LOCAL:]REMOTE...}: like {@code kubectl port-forward}, local ports
 * forwarded into a pod or a KubeVirt VM until Ctrl+C. Prints kubectl's "Forwarding from" lines on
 * stdout; what happens to the forward (a stream broke and is reconnected, the pod is gone) on stderr.
 * Ends with exit code 1 when every forward has lost its target.
 */
@Command(name = "port-forward", usageHelpAutoWidth = true,
        description = {"Forward local ports to a pod, a microVM pod or a VM (like kubectl port-forward) until Ctrl+C.",
            "Exit code: 1 if a port cannot be forwarded or the target is gone; 2 for a usage error."})
final class PortForwardCommand implements Callable<Integer> {
    static final long OPEN_TIMEOUT_SECONDS = 30;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "pod/NAMESPACE/NAME, microvm/NAMESPACE/NAME, vm/NAMESPACE/NAME, or a UUID")
    Target target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "[LOCAL:]REMOTE",
            description = {"REMOTE: the port in the pod or VM (a number, or a declared port's name);",
                "LOCAL: the local port (default: the same; empty, as in :80, for a free one)."})
    List<String> ports = new ArrayList<>();

    @Option(names = "--address", paramLabel = "ADDRESS", split = ",", defaultValue = "127.0.0.1",
            description = "Addresses to listen on, comma separated (default: 127.0.0.1; localhost means 127.0.0.1).")
    List<String> addresses;

    /** One requested forward: {@code local} 0 for a free port. */
    record PortSpec(int local, String remote) {
    }

    private final Cli cli;
    private final WharfCommand root;

    PortForwardCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    static PortSpec parse(String text) {
        String local = "";
        String remote = text;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            local = text.substring(0, colon);
            remote = text.substring(colon + 1);
        }
        if (remote.isBlank() || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a port: give REMOTE, LOCAL:REMOTE or :REMOTE "
                    + "(e.g. 8080, 9000:80, :80)");
        }
        int l;
        if (local.isEmpty()) {
            l = colon >= 0 ? 0 : remote.chars().allMatch(Character::isDigit) ? number(remote, text) : 0;
        } else {
            l = number(local, text);
        }
        if (remote.chars().allMatch(Character::isDigit)) {
            number(remote, text);
        }
        return new PortSpec(l, remote);
    }

    private static int number(String s, String text) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + s + "' is not a port number (1 to 65535)");
        }
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("'" + text + "': " + n + " is not a port number (1 to 65535)");
        }
        return n;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<PortSpec> specs = new ArrayList<>();
        for (String p : ports) {
            try {
                specs.add(parse(p));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        SourceOptions o = cli.begin(root.global, global);
        List<Forward> forwards = new ArrayList<>();
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, true);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            if (item.kind() != Kind.POD && item.kind() != Kind.MICROVM && item.kind() != Kind.VM) {
                throw new WharfException(label + " is a " + item.kind().wire()
                        + ": ports can be forwarded to pods, microVM pods and VMs");
            }
            Source source = Cli.sourceOf(session, item, label);
            if (session.readOnly()) { // the capability refuses too; this says it in words
                throw dev.wharf.inventory.ReadOnly.refusal(item.source(), "forwarding a port to " + label);
            }
            PortForwarder forwarder = source.capability(PortForwarder.class).orElseThrow(() -> new WharfException(
                    label + ": Wharf cannot forward ports to " + source.id() + " (Kubernetes pods and KubeVirt VMs only)"));
            CountDownLatch allGone = new CountDownLatch(specs.size() * addresses.size());
            try {
                for (PortSpec s : specs) {
                    int remote = remotePort(forwarder, item, s.remote(), label);
                    int local = s.local();
                    for (String address : addresses) {
                        Forward f = open(forwarder, item, remote, bindAddress(address), local);
                        forwards.add(f);
                        local = f.localPort(); // the same free port on every address, as kubectl does
                        cli.out().println("Forwarding from " + hostPort(f.bindAddress(), f.localPort()) + " -> " + remote);
                        cli.out().flush();
                        watch(f, allGone);
                    }
                }
                allGone.await();
                return 1;
            } finally {
                forwards.forEach(Forward::stop);
            }
        }
    }

    private static String bindAddress(String a) {
        String t = a.trim();
        return t.equalsIgnoreCase("localhost") ? "127.0.0.1" : t;
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** A number, or the name of a port the item declares. */
    private static int remotePort(PortForwarder forwarder, Item item, String remote, String label) {
        if (remote.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(remote);
        }
        List<PortForwarder.Port> declared = forwarder.ports(item);
        return declared.stream().filter(p -> p.name().equalsIgnoreCase(remote)).findFirst()
                .map(PortForwarder.Port::number)
                .orElseThrow(() -> new WharfException(label + " declares no port named '" + remote + "'"
                        + (declared.isEmpty() ? "; give a number" : " (it declares " + declared.stream()
                        .map(p -> p.name().isEmpty() ? String.valueOf(p.number()) : p.name() + "=" + p.number())
                        .toList() + ")")));
    }

    private Forward open(PortForwarder forwarder, Item item, int remote, String address, int local)
            throws InterruptedException {
        try {
            return forwarder.forward(item, remote, address, local).get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WharfException(WharfException.userMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("the forward to " + remote + " did not start within " + OPEN_TIMEOUT_SECONDS
                    + " s: check the connection, then try again");
        }
    }

    /** Status changes on stderr; counts the forward down when its target is gone. */
    private void watch(Forward f, CountDownLatch allGone) {
        String where = hostPort(f.bindAddress(), f.localPort()) + " -> " + f.remotePort();
        Forward.Status[] last = {f.status()};
        f.onStatus(s -> {
            Forward.Status before = last[0];
            last[0] = s;
            if (s.equals(before) || s.state() == Forward.State.STOPPED) {
                return;
            }
            if (s.state() == Forward.State.ACTIVE && s.message().isEmpty()) {
                cli.err().println(Cli.oneLine("wharf: " + where + ": forwarding again"));
            } else {
                cli.err().println(Cli.oneLine("wharf: " + where + ": " + s.state().label().toUpperCase(Locale.ROOT)
                        .charAt(0) + s.state().label().substring(1) + (s.message().isEmpty() ? "" : ": " + s.message())));
            }
            cli.err().flush();
            if (s.state() == Forward.State.TARGET_GONE) {
                allGone.countDown();
            }
        });
    }
}
