package dev.wharf.lab;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.Kubeconfigs;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.guest.TinyGuest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded lab: a Kubernetes API on {@code 127.0.0.1} seeded with a hybrid cluster (nodes,
 * containers, Kata/Firecracker/gVisor microVM pods, KubeVirt VMs that start, stop, pause and
 * migrate, serial consoles, pod exec), plus, when libvirt is installed, libvirt hosts whose
 * domains are the cluster's VM nodes. For demos, the CLI's {@code --lab} and tests.
 *
 * <p>The libvirt half is chosen at start ({@link LibvirtMode#AUTO}): with libvirt, QEMU and the
 * tiny guest's kernel, the lab's own libvirt daemon runs real guests (virsh and another Wharf can
 * use it alongside); with libvirt alone,
 * libvirt's test driver describes the same domains; without libvirt only the Kubernetes half
 * runs and {@link #notice()} says what to install. {@link #close()} (or JVM exit) stops the
 * guests and deletes the lab's directory; a crashed lab's leftovers are removed by the next one.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    /** The kubeconfig context (and the Kubernetes source's name). */
    public static final String CONTEXT = "wharf-lab";

    /** Which libvirt half the lab runs. */
    public enum LibvirtMode {
        /** The best available: real QEMU guests, else the test driver, else none. */
        AUTO,
        /** Real QEMU guests on the lab's own libvirt daemon (falls back like AUTO when it cannot run). */
        EMBEDDED_QEMU,
        /** libvirt's test driver even when QEMU is there (fast; no consoles). */
        TEST_DRIVER,
        /** No libvirt half. */
        NONE
    }

    /**
     * How to start a lab.
     *
     * @param libvirt which libvirt half
     * @param guests how many real guests the lab's libvirt daemon boots (1 or 2)
     * @param step the delay of each simulated KubeVirt transition (Starting → Running, …)
     */
    public record Options(LibvirtMode libvirt, int guests, Duration step) {
        public Options {
            if (guests < 0 || guests > 2) {
                throw new IllegalArgumentException("guests must be 0, 1 or 2");
            }
        }

        /**
         * The defaults, overridable by system properties {@code wharf.lab.libvirt}
         * ({@code auto|embedded|test|none}) and {@code wharf.lab.guests} (1 or 2; default 2).
         */
        public static Options defaults() {
            String mode = System.getProperty("wharf.lab.libvirt", "auto").trim().toLowerCase(Locale.ROOT);
            LibvirtMode m = switch (mode) {
                case "embedded", "embed", "qemu" -> LibvirtMode.EMBEDDED_QEMU;
                case "test" -> LibvirtMode.TEST_DRIVER;
                case "none", "off" -> LibvirtMode.NONE;
                default -> LibvirtMode.AUTO;
            };
            int guests = 2;
            try {
                guests = Math.max(1, Math.min(2, Integer.parseInt(System.getProperty("wharf.lab.guests", "2").trim())));
            } catch (NumberFormatException e) {
                // keep 2
            }
            return new Options(m, guests, Duration.ofSeconds(1));
        }

        public Options withLibvirt(LibvirtMode mode) {
            return new Options(mode, guests, step);
        }

        public Options withGuests(int n) {
            return new Options(libvirt, n, step);
        }
    }

    private final Path dir;
    private final LabCluster cluster;
    private final LabHosts hosts;
    private final Path kubeconfig;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private Lab(Path dir, LabCluster cluster, LabHosts hosts, Path kubeconfig) {
        this.dir = dir;
        this.cluster = cluster;
        this.hosts = hosts;
        this.kubeconfig = kubeconfig;
        this.shutdownHook = new Thread(this::closeNow, "wharf-lab-cleanup");
    }

    /**
     * Starts the lab: the Kubernetes API on 127.0.0.1 (random free port) seeded with the hybrid
     * cluster; the libvirt side if available. Throws WharfException on failure.
     */
    public static Lab start() {
        return start(Options.defaults());
    }

    /** Starts a lab with these options. Throws WharfException on failure. */
    public static Lab start(Options options) {
        LabDirs.cleanStale();
        Path dir = LabDirs.create();
        // A Ctrl+C or SIGTERM while the lab starts must not leave the directory, or what was
        // started in it, behind: this hook waits for the start to finish (or fail), then closes
        // what it made, so nothing is started after the clean-up ran.
        AtomicReference<Lab> made = new AtomicReference<>();
        CountDownLatch settled = new CountDownLatch(1);
        Thread starting = new Thread(() -> {
            try {
                settled.await(START_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Lab lab = made.get();
            if (lab != null) {
                lab.closeNow();
            }
            LabDirs.stopProcesses(dir);
            LabDirs.deleteTree(dir);
        }, "wharf-lab-cleanup-start");
        Runtime.getRuntime().addShutdownHook(starting);
        LabCluster cluster = null;
        LabHosts hosts = null;
        try {
            cluster = LabCluster.start(options.step(), Clock.systemUTC());
            Path kubeconfig = writeKubeconfig(dir, cluster.url());
            hosts = hosts(options, dir);
            Lab lab = new Lab(dir, cluster, hosts, kubeconfig);
            made.set(lab);
            try {
                Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
                Runtime.getRuntime().removeShutdownHook(starting);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is ending: the starting hook closes this lab once we let it go on
            }
            LOG.info("lab: Kubernetes API at {}, libvirt {}", cluster.url(), hosts.uris());
            return lab;
        } catch (RuntimeException e) {
            if (hosts != null) {
                hosts.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            LabDirs.stopProcesses(dir);
            LabDirs.deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(starting);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and finds nothing left
            }
            throw e instanceof WharfException we ? we
                    : new WharfException("The lab could not start: " + WharfException.userMessage(e)
                    + ". Check that " + LabDirs.base() + " is writable and try again.", e);
        } finally {
            settled.countDown();
        }
    }

    /** How long a shutdown during start waits for the start to settle before it cleans up anyway. */
    private static final Duration START_GRACE = Duration.ofSeconds(60);

    private static LabHosts hosts(Options options, Path dir) {
        if (options.libvirt() == LibvirtMode.NONE) {
            return LabHosts.none("");
        }
        Optional<String> noLibvirt = LibvirtConnection.unavailableReason();
        if (noLibvirt.isPresent()) {
            return LabHosts.none("The lab runs without libvirt hosts: " + noLibvirt.get()
                    + " For real guests install QEMU too: sudo apt install libvirt0 libvirt-daemon-driver-qemu "
                    + "qemu-system-x86 busybox-static.");
        }
        if (options.libvirt() == LibvirtMode.TEST_DRIVER) {
            return TestDriverHosts.write(dir, "");
        }
        Optional<Path> qemu = onPath("qemu-system-x86_64");
        if (qemu.isEmpty()) {
            return TestDriverHosts.write(dir, "The lab's libvirt host is libvirt's test driver (no real guests, no "
                    + "serial consoles) because QEMU is not installed: sudo apt install qemu-system-x86 "
                    + "libvirt-daemon-driver-qemu busybox-static.");
        }
        Path guestDir = TinyGuest.defaultDir();
        Optional<TinyGuest> guest;
        try {
            guest = TinyGuest.prepare(guestDir);
        } catch (RuntimeException e) {
            guest = Optional.empty();
        }
        if (guest.isEmpty()) {
            String why = TinyGuest.missingReason(guestDir);
            return TestDriverHosts.write(dir, "The lab's libvirt host is libvirt's test driver (no real guests, no "
                    + "serial consoles): " + (why == null ? "the tiny guest could not be built in " + guestDir : why)
                    + ".");
        }
        Optional<String> noDaemon = LabLibvirtd.unavailableReason();
        if (noDaemon.isPresent()) {
            return TestDriverHosts.write(dir, "The lab's libvirt host is libvirt's test driver (no real guests, no "
                    + "serial consoles) because " + noDaemon.get() + ".");
        }
        try {
            return QemuGuestHosts.start(dir, guest.get(), Math.max(1, options.guests()));
        } catch (IOException | LibvirtException | RuntimeException e) {
            String why = e instanceof LibvirtException le ? le.getMessage() : WharfException.userMessage(e);
            LOG.warn("lab: the lab's libvirt daemon failed ({}); using the test driver", why);
            return TestDriverHosts.write(dir, "The lab's libvirt host is libvirt's test driver (no real guests, no "
                    + "serial consoles) because the lab's own libvirt daemon failed: " + why
                    + ". Check that libvirt-daemon-driver-qemu is installed.");
        }
    }

    private static Optional<Path> onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Path writeKubeconfig(Path dir, String server) {
        String text = """
                # The Wharf lab's Kubernetes API (plain HTTP on the loopback address, no credentials).
                apiVersion: v1
                kind: Config
                clusters:
                - name: wharf-lab
                  cluster:
                    server: %s
                contexts:
                - name: %s
                  context:
                    cluster: wharf-lab
                    user: wharf-lab
                    namespace: default
                users:
                - name: wharf-lab
                  user: {}
                current-context: %s
                """.formatted(server, CONTEXT, CONTEXT);
        Path file = dir.resolve("kubeconfig");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new WharfException("The lab could not write its kubeconfig " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** A kubeconfig file (written in the lab's temp dir, no secrets) pointing at the lab's API, context "wharf-lab". */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** libvirt URIs of the lab (empty without libvirt). */
    public List<String> libvirtUris() {
        return hosts.uris();
    }

    /** What the lab could not provide and what to install, or "" when complete. */
    public String notice() {
        return hosts.notice();
    }

    /** The API server's URL, {@code http://127.0.0.1:PORT}. */
    public String apiUrl() {
        return cluster.url();
    }

    /** The lab's temporary directory (deleted on close). */
    public Path directory() {
        return dir;
    }

    /**
     * New, not-started sources over the lab (one KubernetesConnection named "wharf-lab", plus
     * LibvirtConnections), writing into inventory.
     */
    public List<Source> sources(Inventory inventory) {
        if (closed) {
            throw new WharfException("The lab is closed: start a new one.");
        }
        List<Source> out = new ArrayList<>();
        out.add(Kubeconfigs.load(Optional.of(kubeconfig)).connect(CONTEXT, inventory));
        for (String uri : hosts.uris()) {
            out.add(new LibvirtConnection(uri, inventory, CredentialPrompt.NONE));
        }
        return out;
    }

    /** Stops the guests, the API server, and deletes the lab's directory. Idempotent. */
    @Override
    public void close() {
        closeNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or ran
        }
    }

    private synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hosts.close();
        } catch (RuntimeException e) {
            LOG.warn("lab: stopping the libvirt side: {}", e.toString());
        }
        try {
            cluster.close();
        } catch (RuntimeException e) {
            LOG.warn("lab: stopping the Kubernetes API: {}", e.toString());
        }
        LabDirs.stopProcesses(dir); // anything the lab started that is still running
        LabDirs.deleteTree(dir);
    }

    /** For this module's tests: the API server's own fabric8 client. */
    io.fabric8.kubernetes.client.NamespacedKubernetesClient client() {
        return cluster.client();
    }
}
