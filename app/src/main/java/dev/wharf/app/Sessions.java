package dev.wharf.app;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.kubernetes.Kubeconfigs;
import dev.wharf.lab.Lab;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.LibvirtUris;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the user chose ({@link SourceOptions}) into live sources, for the CLI and the
 * desktop alike.
 *
 * <p>Which sources, in order:
 * <ol>
 *   <li>Kubernetes: each {@code --context}; with none, the kubeconfig's current context — when
 *       {@code --kubeconfig} was given, or when no source was chosen at all and a kubeconfig
 *       exists ({@code $KUBECONFIG} or {@code ~/.kube/config}). Choosing only {@code --libvirt}
 *       or {@code --lab} leaves your clusters out.</li>
 *   <li>libvirt: each {@code --libvirt URI}.</li>
 *   <li>The embedded lab: with {@code --lab}, or when nothing is configured at all (no option,
 *       no {@code $KUBECONFIG}, no {@code ~/.kube/config}), so a first run shows something.</li>
 * </ol>
 * What the user asked for explicitly must work: an unreadable kubeconfig, an unknown context, a
 * malformed URI, or libvirt missing while {@code --libvirt} was given, fail {@link #open} with a
 * {@link WharfException}. What Wharf chose itself only earns a notice ({@link Session#notices()}).
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {
    }

    /**
     * The sources of one run, and what must be closed with them (the lab). Created by
     * {@link Sessions#open}; sources are created but not started ({@link #start()}).
     * {@link #close()} closes the sources, then the resources (the lab); it is idempotent and safe
     * from a shutdown hook. The inventory stays open: it is the caller's (who may hold other
     * sources in it), to close when done with it.
     */
    public static final class Session implements AutoCloseable {
        private final Inventory inventory;
        private final List<Source> sources;
        private final List<String> notices;
        private final AutoCloseable resources;
        private final AtomicBoolean closed = new AtomicBoolean();

        /**
         * @param inventory the store the sources write to
         * @param sources   the sources, not started
         * @param notices   things the user should know that are not failures (the lab's notice,
         *                  libvirt missing), one line each
         * @param resources closed after the sources: the lab, or nothing
         */
        public Session(Inventory inventory, List<Source> sources, List<String> notices, AutoCloseable resources) {
            this.inventory = inventory;
            this.sources = List.copyOf(sources);
            this.notices = List.copyOf(notices);
            this.resources = resources == null ? () -> { } : resources;
        }

        public Inventory inventory() {
            return inventory;
        }

        public List<Source> sources() {
            return sources;
        }

        private volatile boolean readOnly;

        /** {@code --read-only}: what acts on this session's items reaches them through {@link dev.wharf.inventory.ReadOnly}. */
        public void setReadOnly(boolean ro) {
            readOnly = ro;
        }

        public boolean readOnly() {
            return readOnly;
        }

        public List<String> notices() {
            return notices;
        }

        /** Starts every source, live; returns at once (status and items arrive in the inventory). */
        public void start() {
            sources.forEach(Source::start);
        }

        /**
         * Starts every source for a one-shot command (one listing, then done): a Kubernetes context
         * needs its first lists, not working watches, and its errors are final.
         */
        public void startOnce() {
            for (Source s : sources) {
                s.startOnce();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            for (Source s : sources) {
                closeQuietly(s, s.id());
            }
            closeQuietly(resources, "lab");
        }
    }

    /**
     * What to open, decided from the options and the environment alone (no file is read).
     *
     * @param kubernetes  whether to open Kubernetes contexts at all
     * @param kubeconfig  the kubeconfig to read; empty for the default ($KUBECONFIG, ~/.kube/config)
     * @param contexts    the contexts; empty for the current one
     * @param libvirtUris the libvirt URIs
     * @param lab         whether to start the lab
     * @param labByDefault true when the lab was chosen because nothing is configured
     */
    public record Plan(boolean kubernetes, Optional<Path> kubeconfig, List<String> contexts,
                       List<String> libvirtUris, boolean lab, boolean labByDefault) {
    }

    /** Decides which sources {@code o} means, given the environment and the home directory. */
    public static Plan plan(SourceOptions o, Map<String, String> env, Path home) {
        String kubeconfigEnv = env.get("KUBECONFIG");
        boolean kubeconfigFound = (kubeconfigEnv != null && !kubeconfigEnv.isBlank())
                || (home != null && Files.isRegularFile(home.resolve(".kube").resolve("config")));
        boolean kubernetes = !o.contexts().isEmpty() || o.kubeconfig().isPresent() || (o.nothingChosen() && kubeconfigFound);
        boolean labByDefault = o.nothingChosen() && !kubeconfigFound;
        return new Plan(kubernetes, o.kubeconfig(), o.contexts(), o.libvirtUris(), o.lab() || labByDefault, labByDefault);
    }

    /** Opens the sources {@code o} means (see the class comment), writing into {@code inventory}. */
    public static Session open(SourceOptions o, Inventory inventory, CredentialPrompt prompt) {
        return open(plan(o, System.getenv(), Path.of(System.getProperty("user.home"))), inventory, prompt);
    }

    /** Opens the sources of {@code plan}; on failure closes what it opened and throws a {@link WharfException}. */
    public static Session open(Plan plan, Inventory inventory, CredentialPrompt prompt) {
        List<Source> sources = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        AutoCloseable resources = null;
        try {
            // cheap checks first, before anything connects
            for (String uri : plan.libvirtUris()) {
                LibvirtUris.validate(uri);
            }
            if (!plan.libvirtUris().isEmpty()) {
                Optional<String> missing = LibvirtConnection.unavailableReason();
                if (missing.isPresent()) {
                    throw new WharfException(missing.get());
                }
            }
            if (plan.kubernetes()) {
                Kubeconfigs kubeconfigs = Kubeconfigs.load(plan.kubeconfig());
                List<String> contexts = plan.contexts();
                if (contexts.isEmpty()) {
                    String current = kubeconfigs.currentContext().orElseThrow(() -> new WharfException(
                            kubeconfigs.declaredCurrentContext().map(d -> "the kubeconfig's current-context '" + d
                                    + "' names no context it defines: choose one with --context NAME or "
                                    + "`kubectl config use-context NAME` (contexts: ").orElse(
                                    "the kubeconfig has no current context: choose one with --context NAME (contexts: ")
                                    + kubeconfigs.someContexts() + ")"));
                    contexts = List.of(current);
                }
                for (String context : contexts) {
                    if (!kubeconfigs.contexts().contains(context)) {
                        throw new WharfException("no context '" + context + "' in the kubeconfig (contexts: "
                                + kubeconfigs.someContexts() + "): check the name with `kubectl config get-contexts`");
                    }
                    sources.add(kubeconfigs.connect(context, inventory));
                }
            }
            for (String uri : plan.libvirtUris()) {
                sources.add(new LibvirtConnection(uri, inventory, prompt));
            }
            if (plan.lab()) {
                Lab lab = Lab.start();
                resources = lab;
                sources.addAll(lab.sources(inventory));
                String notice = lab.notice();
                if (notice != null && !notice.isBlank()) {
                    notices.add(notice);
                }
                if (plan.labByDefault()) {
                    notices.add("no kubeconfig and no source chosen: showing the embedded lab"
                            + " (choose sources with --context, --kubeconfig, --libvirt)");
                }
            }
            return new Session(inventory, sources, notices, resources);
        } catch (RuntimeException e) {
            sources.forEach(s -> closeQuietly(s, s.id()));
            closeQuietly(resources, "lab");
            throw e;
        }
    }

    /**
     * Waits until {@code source} has listed everything once, or has failed: through the
     * connector's own wait where it has one, else by watching its status in the inventory.
     *
     * @return true if it synced (or failed for good) within {@code timeout}
     */
    public static boolean awaitInitialSync(Source source, Inventory inventory, Duration timeout)
            throws InterruptedException {
        if (source instanceof KubernetesConnection k) {
            return k.awaitInitialSync(timeout);
        }
        if (source instanceof LibvirtConnection l) {
            return l.awaitInitialSync(timeout);
        }
        return awaitStatus(source.id(), inventory, timeout);
    }

    /** Waits until the source's status is no longer {@link SourceStatus#CONNECTING}. */
    static boolean awaitStatus(String sourceId, Inventory inventory, Duration timeout) throws InterruptedException {
        CountDownLatch settled = new CountDownLatch(1);
        AutoCloseable sub = inventory.subscribe((InventoryDelta d) -> {
            for (SourceInfo s : d.sources()) {
                if (s.id().equals(sourceId) && s.status() != SourceStatus.CONNECTING) {
                    settled.countDown();
                }
            }
        });
        try {
            return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            closeQuietly(sub, "subscription");
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", what, e.toString());
            LOG.debug("closing {} failed", what, e);
        }
    }
}
