package dev.wharf.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sources a user picked on the command line.
 *
 * @param kubeconfig  {@code --kubeconfig FILE}; empty for {@code $KUBECONFIG} or ~/.kube/config
 * @param contexts    {@code --context NAME}, repeatable; empty for the current context
 * @param libvirtUris {@code --libvirt URI}, repeatable
 * @param lab         {@code --lab}: the embedded lab
 * @param debug       {@code --debug}: stack traces and debug logging
 * @param readOnly    {@code --read-only}: every source of the session refuses what would change anything
 */
public record SourceOptions(Optional<Path> kubeconfig, List<String> contexts, List<String> libvirtUris,
                            boolean lab, boolean debug, boolean readOnly) {
    public SourceOptions {
        contexts = List.copyOf(contexts);
        libvirtUris = List.copyOf(libvirtUris);
    }

    /** Options of a session that may change things. */
    public SourceOptions(Optional<Path> kubeconfig, List<String> contexts, List<String> libvirtUris,
                         boolean lab, boolean debug) {
        this(kubeconfig, contexts, libvirtUris, lab, debug, false);
    }

    /** True when the user named no source at all. */
    public boolean nothingChosen() {
        return kubeconfig.isEmpty() && contexts.isEmpty() && libvirtUris.isEmpty() && !lab;
    }
}
