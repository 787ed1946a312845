package dev.wharf.lab;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.guest.TinyGuest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private embedded QEMU driver ({@code qemu:///embed?root=DIR}, no daemon) running tiny guests
 * with real serial consoles under the names and UUIDs of the lab's VM nodes. Guests outlive the
 * process that started them: {@link #close()} destroys and undefines them, and
 * {@link LabDirs#cleanStale()} kills those of a crashed lab.
 */
final class EmbeddedQemuHosts implements LabHosts {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQemuHosts.class);

    private final String uri;
    private final Path root;
    private Connect conn;

    private EmbeddedQemuHosts(String uri, Path root, Connect conn) {
        this.uri = uri;
        this.root = root;
        this.conn = conn;
    }

    /**
     * Defines the node VMs (and one spare domain) and starts the first {@code guests} of them.
     *
     * @throws LibvirtException when libvirt refuses; the caller falls back to the test driver
     */
    static EmbeddedQemuHosts start(TinyGuest guest, int guests) throws LibvirtException {
        synchronized (EmbeddedQemuHosts.class) {
            if (active) {
                throw new IllegalStateException("another lab in this process runs the embedded QEMU driver");
            }
            active = true;
        }
        Path root;
        Connect conn;
        try {
            root = processRoot();
            ensureEventLoop();
            conn = open("qemu:///embed?root=" + root);
        } catch (LibvirtException | RuntimeException e) {
            release();
            throw e;
        }
        String uri = "qemu:///embed?root=" + root;
        EmbeddedQemuHosts hosts = new EmbeddedQemuHosts(uri, root, conn);
        try {
            removeAll(conn); // an earlier lab of this JVM that was not closed
            saveCapabilities(root);
            List<LabHosts.HostDomain> defined = new ArrayList<>(NODE_VMS);
            defined.add(OTHERS.get(OTHERS.size() - 1)); // one spare, shut off
            int started = 0;
            for (LabHosts.HostDomain d : defined) {
                Domain dom = conn.domainDefineXML(guest.domainXml(d.name(), d.uuid(), d.memoryMiB()));
                try {
                    if (d.state() == State.RUNNING && started < guests) {
                        dom.create();
                        started++;
                    }
                } finally {
                    dom.free();
                }
            }
            return hosts;
        } catch (LibvirtException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    private static Path processRoot;

    /**
     * The embedded QEMU root of this JVM, {@code java.io.tmpdir/wharf-lab/qemu-PID}: libvirt keeps
     * one embedded driver per process, bound to the first root it opened and configured from
     * that root's {@code etc/qemu.conf} at that moment; later labs in the same JVM reuse it.
     * Deleted (and anything still running from it killed) at JVM exit; a crashed JVM's root is
     * removed by {@link LabDirs#cleanStale()}.
     */
    static synchronized Path processRoot() {
        if (processRoot != null) {
            return processRoot;
        }
        long pid = ProcessHandle.current().pid();
        Path root = LabDirs.base().resolve("qemu-" + pid).toAbsolutePath();
        try {
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve(LabDirs.OWNER), String.valueOf(pid));
            // no virtlogd in embedded mode: QEMU's stdio goes to files under the root
            Files.writeString(root.resolve("etc/qemu.conf"), "stdio_handler = \"file\"\n");
            copyXml(capabilitiesCache(), root.resolve(CAPS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded QEMU root " + root, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LabDirs.killProcessesUnder(root);
            LabDirs.deleteTree(root);
        }, "wharf-lab-qemu-root-cleanup"));
        processRoot = root;
        return root;
    }

    /** The embedded driver needs libvirt's process-wide event loop registered before its first connection. */
    private static void ensureEventLoop() {
        try {
            dev.wharf.libvirt.LibvirtEventLoop.ensureRunning();
        } catch (org.libvirt.LibvirtException e) {
            throw new dev.wharf.inventory.WharfException("cannot start libvirt's event loop: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> uris() {
        return List.of(uri);
    }

    @Override
    public String notice() {
        return "";
    }

    Path root() {
        return root;
    }

    private static boolean active;

    /** Opens the driver; retries briefly while the event loop is still being registered (seen once, rarely). */
    private static Connect open(String uri) throws LibvirtException {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Connect(uri, false);
            } catch (LibvirtException e) {
                if (attempt >= 10 || e.getMessage() == null || !e.getMessage().contains("event loop")) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Where an embedded driver keeps its QEMU capability cache, under its root. */
    private static final String CAPS = "cache/qemu/capabilities";

    /**
     * A copy of the QEMU capability cache kept between runs ({@code ~/.cache/wharf/lab-qemu-capabilities}):
     * probing QEMU costs several seconds in every fresh root; libvirt checks each cached entry
     * (QEMU binary, libvirt version, kernel) and probes again when it no longer fits.
     */
    static Path capabilitiesCache() {
        return TinyGuest.defaultDir().resolveSibling("lab-qemu-capabilities");
    }

    private static void saveCapabilities(Path root) {
        try {
            copyXml(root.resolve(CAPS), capabilitiesCache());
        } catch (IOException e) {
            LOG.debug("lab: cannot keep the QEMU capability cache: {}", e.toString());
        }
    }

    private static void copyXml(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static synchronized void release() {
        active = false;
    }

    /** Destroys and undefines every domain of the root, then closes the connection. */
    @Override
    public synchronized void close() {
        Connect c = conn;
        conn = null;
        if (c == null) {
            return;
        }
        try {
            removeAll(c);
        } finally {
            try {
                c.close();
            } catch (LibvirtException e) {
                LOG.debug("lab: close {}: {}", uri, e.getMessage());
            }
            release();
        }
    }

    private static void removeAll(Connect c) {
        try {
            for (Domain d : c.listAllDomains(0)) {
                try {
                    if (d.isActive() == 1) {
                        d.destroy();
                    }
                    d.undefine();
                } catch (LibvirtException e) {
                    LOG.warn("lab: cannot remove guest {}: {}", safeName(d), e.getMessage());
                } finally {
                    try {
                        d.free();
                    } catch (LibvirtException e) {
                        // ignore
                    }
                }
            }
        } catch (LibvirtException e) {
            LOG.warn("lab: cannot list the lab's guests: {}", e.getMessage());
        }
    }

    private static String safeName(Domain d) {
        try {
            return d.getName();
        } catch (LibvirtException e) {
            return "?";
        }
    }
}
