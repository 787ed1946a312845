package dev.wharf.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code wharf lab}: the embedded lab without a window, for kubectl, virsh and scripts. Prints
 * how to reach it and runs until Ctrl+C, then closes it (its servers and daemons stop with it).
 */
@Command(name = "lab", usageHelpAutoWidth = true,
        description = {"Run the embedded lab (a simulated cluster with VMs and microVMs, and libvirt hosts)",
            "without a window, until Ctrl+C. Prints its kubeconfig and libvirt URIs."})
final class LabCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    private final Cli cli;
    private final WharfCommand root;

    LabCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() {
        cli.begin(root.global, global);
        Cli.LabHandle lab = cli.startLab();
        Thread hook = new Thread(lab::close, "wharf-lab-close");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            cli.out().print(describe(lab));
            cli.out().flush();
            cli.awaitShutdown();
            return 0;
        } finally {
            lab.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook closes the lab
            }
        }
    }

    /** What the lab offers and how to use it. */
    static String describe(Cli.LabHandle lab) {
        StringBuilder b = new StringBuilder("Wharf lab is running. Press Ctrl+C to stop it.\n\n");
        b.append("Kubernetes (simulated API server with KubeVirt VMs and microVM pods):\n");
        String kc = shell(lab.kubeconfig());
        b.append("  kubeconfig: ").append(lab.kubeconfig()).append("\n");
        b.append("  kubectl --kubeconfig ").append(kc).append(" get vm -A\n");
        b.append("  wharf ls --kubeconfig ").append(kc).append("\n");
        List<String> uris = lab.libvirtUris();
        if (!uris.isEmpty()) {
            b.append("\nlibvirt:\n");
            for (String uri : uris) {
                b.append("  uri: ").append(uri).append("\n");
                b.append("  virsh -c ").append(shell(uri)).append(" list --all\n");
                b.append("  wharf ls --libvirt ").append(shell(uri)).append("\n");
            }
        }
        String notice = lab.notice();
        if (notice != null && !notice.isBlank()) {
            b.append("\nNote: ").append(notice).append("\n");
        }
        return b.toString();
    }

    /** {@code s} quoted for a POSIX shell when it holds anything but plain characters ({@code ?}, {@code &}, spaces). */
    static String shell(String s) {
        if (s.matches("[A-Za-z0-9_+:/.,@=%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
