package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
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
 * file. Reading checks the files ({@link KubeconfigFiles}); the client of a context is built
 * later, by its connection off the caller's thread ({@link ContextConfig}: server URL, no
 * credentials over plain HTTP, files, exec plugins with a time limit), with Wharf's timeouts and
 * an HTTP client that follows no redirect (credentials never go to another address).
 */
public final class Kubeconfigs {
    /** Connect timeout of every request. */
    public static final int CONNECTION_TIMEOUT_MS = 10_000;
    /** Timeout of every (non-watch) request until its answer starts; a body that keeps coming is not cut. */
    public static final int REQUEST_TIMEOUT_MS = 30_000;
    /** How many context names a message lists before it only counts them. */
    private static final int LISTED = 8;

    private final List<Path> files;
    private final List<io.fabric8.kubernetes.api.model.Config> parsed;
    private final List<String> contexts;
    private final Optional<String> declaredCurrent;

    private Kubeconfigs(List<Path> files, List<io.fabric8.kubernetes.api.model.Config> parsed, List<String> contexts,
                        Optional<String> declaredCurrent) {
        this.files = files;
        this.parsed = parsed;
        this.contexts = contexts;
        this.declaredCurrent = declaredCurrent;
    }

    /**
     * Reads {@code $KUBECONFIG} (merged) or {@code ~/.kube/config} when {@code file} is empty.
     *
     * @throws WharfException (missing file, a directory or device, empty, binary, YAML error, no contexts) saying what to do
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
            if (candidates.isEmpty()) {
                String raw = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE, System.getenv("KUBECONFIG"));
                throw new WharfException("KUBECONFIG is set to '" + ExecPlugin.firstLine(raw) + "', which names no file: "
                        + "set it to kubeconfig paths separated by '" + File.pathSeparator + "', or unset it to use ~/.kube/config.");
            }
        }
        List<Path> existing = new ArrayList<>();
        for (Path p : candidates) {
            if (Files.exists(p) || KubeconfigFiles.notAFile(p) != null) {
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
        List<io.fabric8.kubernetes.api.model.Config> parsed = new ArrayList<>();
        String current = null;
        for (Path p : existing) {
            io.fabric8.kubernetes.api.model.Config k = KubeconfigFiles.parse(p);
            parsed.add(k);
            if (k.getContexts() != null) {
                for (NamedContext c : k.getContexts()) {
                    if (c != null && c.getName() != null && c.getContext() != null) {
                        contexts.add(c.getName());
                    }
                }
            }
            if (current == null && k.getCurrentContext() != null && !k.getCurrentContext().isBlank()) {
                current = k.getCurrentContext();
            }
        }
        if (contexts.isEmpty()) {
            throw new WharfException("Kubeconfig " + join(existing) + " has no contexts. Add one "
                    + "(kubectl config set-context) or use the kubeconfig your cluster provider gave you.");
        }
        return new Kubeconfigs(List.copyOf(existing), List.copyOf(parsed), List.copyOf(contexts), Optional.ofNullable(current));
    }

    public List<String> contexts() {
        return contexts;
    }

    /** The current context, when the kubeconfig names one it defines. */
    public Optional<String> currentContext() {
        return declaredCurrent.filter(contexts::contains);
    }

    /** The {@code current-context} as written, even when it names a context the kubeconfig does not define. */
    public Optional<String> declaredCurrentContext() {
        return declaredCurrent;
    }

    /** A few context names and how many there are: "a, b, c" or "a, b, …, h and 492 more (500 contexts)". */
    public String someContexts() {
        if (contexts.size() <= LISTED) {
            return String.join(", ", contexts);
        }
        return String.join(", ", contexts.subList(0, LISTED)) + " and " + (contexts.size() - LISTED) + " more ("
                + contexts.size() + " contexts; kubectl config get-contexts lists them)";
    }

    /** The files read, in merge order. */
    public List<Path> files() {
        return files;
    }

    /**
     * A connection to {@code context} writing into {@code inventory}; not started. Its client is
     * built when it starts, on its own thread: credential problems (an exec plugin that hangs or
     * fails, a missing file, credentials over plain HTTP) become its ERROR status.
     *
     * @throws WharfException "unknown context X (known: a, b)"
     */
    public KubernetesConnection connect(String context, Inventory inventory) {
        checkKnown(context);
        TransferProgress progress = new TransferProgress();
        return new KubernetesConnection(context, () -> client(context, progress), progress, inventory);
    }

    /** Builds the client of a context: the configuration, then an HTTP client that follows no redirect. */
    private KubernetesClient client(String context, TransferProgress progress) {
        Config config = config(context);
        try {
            return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new NoRedirects())
                    .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("wharf-progress", progress))
                    .build();
        } catch (RuntimeException e) {
            throw new WharfException("Cannot set up a client for context " + context + ": "
                    + firstLine(KubernetesErrors.root(e)) + ". Check its certificates and credentials "
                    + "(kubectl --context " + context + " get nodes shows whether kubectl can use them).", e);
        }
    }

    /**
     * The fabric8 configuration of a context, with Wharf's timeouts. May run the context's exec
     * plugin (up to {@link ExecPlugin#TIMEOUT}): call it off the UI thread.
     */
    public Config config(String context) {
        checkKnown(context);
        Config config;
        try {
            config = ContextConfig.build(context, parsed, files, ExecPlugin.TIMEOUT);
        } catch (WharfException e) {
            throw e;
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

    private void checkKnown(String context) {
        if (!contexts.contains(context)) {
            throw new WharfException("unknown context " + context + " (known: " + someContexts() + ")");
        }
    }

    /** fabric8's JDK HTTP client, but following no redirect (fabric8 follows all, credentials included). */
    private static final class NoRedirects extends JdkHttpClientFactory {
        @Override
        protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
            builder.followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        }
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
