package dev.wharf.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wharf}: with no command, the desktop window on the chosen sources. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Hosts, nodes, VMs, microVMs and pods of your Kubernetes clusters and libvirt hosts, in one place.",
            "With no command, opens the desktop window."},
        footer = {"", "Exit codes: 0 done, 1 operation failed (message on stderr), 2 usage error,",
            "  3 audit found a finding at or above --fail-on.",
            "Examples:", "  wharf ls --context prod", "  wharf audit --fail-on high", "  wharf act start vm/prod/db", "  wharf console vm/prod/db",
            "  wharf lab"})
final class WharfCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    private final Cli cli;

    WharfCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return cli.desktop(cli.begin(global, null));
    }
}
