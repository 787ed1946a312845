package dev.wharf.app.cli;

import dev.wharf.app.SourceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command takes, before or after its name ({@code wharf --lab ls} and
 * {@code wharf ls --lab} mean the same): a picocli mixin on the root and on each subcommand,
 * merged by {@link #merge}.
 */
public final class GlobalOptions {
    @Option(names = "--context", paramLabel = "NAME",
            description = "A kubeconfig context to show; repeatable. Default: the kubeconfig's current context.")
    List<String> contexts = new ArrayList<>();

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig to read. Default: $KUBECONFIG, then ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--libvirt", paramLabel = "URI",
            description = "A libvirt connection URI (qemu:///system, qemu+ssh://root@h1/system); repeatable.")
    List<String> libvirtUris = new ArrayList<>();

    @Option(names = "--lab", description = "Also start the embedded lab (a simulated cluster and libvirt hosts).")
    boolean lab;

    @Option(names = "--debug", description = "Debug logging and stack traces on stderr.")
    boolean debug;

    @Option(names = "--read-only",
            description = "Change nothing: no action, edit, delete, shell or port-forward; serial consoles are view-only.")
    boolean readOnly;

    /** These options with {@code inner}'s (a subcommand's) added: lists joined, flags or-ed, inner file wins. */
    public SourceOptions merge(GlobalOptions inner) {
        LinkedHashSet<String> ctx = new LinkedHashSet<>(contexts);
        LinkedHashSet<String> uris = new LinkedHashSet<>(libvirtUris);
        Path file = kubeconfig;
        boolean withLab = lab;
        boolean withDebug = debug;
        boolean withReadOnly = readOnly;
        if (inner != null) {
            ctx.addAll(inner.contexts);
            uris.addAll(inner.libvirtUris);
            file = inner.kubeconfig != null ? inner.kubeconfig : file;
            withLab |= inner.lab;
            withDebug |= inner.debug;
            withReadOnly |= inner.readOnly;
        }
        return new SourceOptions(Optional.ofNullable(file), List.copyOf(ctx), List.copyOf(uris), withLab, withDebug, withReadOnly);
    }
}
