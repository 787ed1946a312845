package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The contexts of a kubeconfig: {@code $KUBECONFIG} (several files, merged the way kubectl
 * does: the first file that names a context wins) or {@code ~/.kube/config}, or one explicit
 * file. Credentials (tokens, client certificates, exec plugins) and TLS are fabric8's
 * ({@link Config#fromKubeconfig} / {@link Config#autoConfigure}); Wharf only adds timeouts.
 */
public final class Kubeconfigs {
    /** Connect timeout of every request. */
    public static final int CONNECTION_TIMEOUT_MS = 10_000;
    /** Timeout of every (non-watch) request. */
    public static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Optional<Path> explicitFile;
    private final List<Path> files;
    private final List<String> contexts;
    private final Optional<String> currentContext;

    private Kubeconfigs(Optional<Path> explicitFile, List<Path> files, List<String> contexts, Optional<String> current) {
        this.explicitFile = explicitFile;
        this.files = files;
        this.contexts = contexts;
        this.currentContext = current;
    }

    /**
     * Reads {@code $KUBECONFIG} (merged) or {@code ~/.kube/config} when {@code file} is empty.
     *
     * @throws WharfException (missing file, YAML error, no contexts) saying what to do
     */
    public static Kubeconfigs load(Optional<Path> file) {
        Objects.requireNonNull(file, "file");
        List<Path> candidates = new ArrayList<>();
        if (file.isPresent()) {
            candidates.add(file.get());
        } else {
            Collection<String> names = Config.getKubeconfigFilenames();
            for (String n : names) {
                if (n != null && !n.isBlank()) {
                    candidates.add(Path.of(n.trim()));
                }
            }
        }
        List<Path> existing = new ArrayList<>();
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                existing.add(p);
            } else if (file.isPresent()) {
                throw new WharfException("Kubeconfig " + p + " not found. Check the path, or leave it out to use "
                        + "$KUBECONFIG or ~/.kube/config.");
            }
        }
        if (existing.isEmpty()) {
            throw new WharfException("No kubeconfig found (looked for " + join(candidates) + "). Set KUBECONFIG, "
                    + "pass a kubeconfig file, or create ~/.kube/config (your cluster's docs say how).");
        }
        Set<String> contexts = new LinkedHashSet<>();
        String current = null;
        for (Path p : existing) {
            io.fabric8.kubernetes.api.model.Config parsed;
            try {
                parsed = KubeConfigUtils.parseConfig(p.toFile());
            } catch (RuntimeException e) {
                throw new WharfException("Kubeconfig " + p + " cannot be read: " + firstLine(KubernetesErrors.root(e))
                        + ". Fix the file (kubectl config view shows what kubectl makes of it) or regenerate it.", e);
            }
            if (parsed == null) {
                continue;
            }
            if (parsed.getContexts() != null) {
                for (NamedContext c : parsed.getContexts()) {
                    if (c != null && c.getName() != null) {
                        contexts.add(c.getName());
                    }
                }
            }
            if (current == null && parsed.getCurrentContext() != null && !parsed.getCurrentContext().isBlank()) {
                current = parsed.getCurrentContext();
            }
        }
        if (contexts.isEmpty()) {
            throw new WharfException("Kubeconfig " + join(existing) + " has no contexts. Add one "
                    + "(kubectl config set-context) or use the kubeconfig your cluster provider gave you.");
        }
        return new Kubeconfigs(file, List.copyOf(existing), List.copyOf(contexts),
                Optional.ofNullable(current).filter(contexts::contains));
    }

    public List<String> contexts() {
        return contexts;
    }

    public Optional<String> currentContext() {
        return currentContext;
    }

    /** The files read, in merge order. */
    public List<Path> files() {
        return files;
    }

    /**
     * A connection to {@code context} writing into {@code inventory}; not started.
     *
     * @throws WharfException "unknown context X (known: a, b)", or when its credentials cannot be set up
     */
    public KubernetesConnection connect(String context, Inventory inventory) {
        Config config = config(context);
        try {
            return new KubernetesConnection(context, new KubernetesClientBuilder().withConfig(config).build(), inventory, true);
        } catch (RuntimeException e) {
            throw new WharfException("Cannot set up a client for context " + context + ": "
                    + firstLine(KubernetesErrors.root(e)) + ". Check its certificates and credentials "
                    + "(kubectl --context " + context + " get nodes shows whether kubectl can use them).", e);
        }
    }

    /** The fabric8 configuration of a context, with Wharf's timeouts. */
    public Config config(String context) {
        if (!contexts.contains(context)) {
            throw new WharfException("unknown context " + context + " (known: " + String.join(", ", contexts) + ")");
        }
        Config config;
        try {
            config = explicitFile.isPresent()
                    ? Config.fromKubeconfig(context, explicitFile.get().toFile())
                    : Config.autoConfigure(context);
        } catch (RuntimeException e) {
            throw new WharfException("Context " + context + " cannot be used: " + firstLine(KubernetesErrors.root(e))
                    + ". Check its cluster and user entries (kubectl config view --minify --context " + context + ").", e);
        }
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        // fail fast and let the informers' own backoff retry: the user sees ERROR, not a hang
        config.setRequestRetryBackoffLimit(1);
        return config;
    }

    private static String join(List<Path> paths) {
        List<String> s = new ArrayList<>();
        paths.forEach(p -> s.add(p.toString()));
        return String.join(File.pathSeparator, s);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
