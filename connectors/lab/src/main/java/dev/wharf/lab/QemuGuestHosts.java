package dev.wharf.lab;

import dev.wharf.libvirt.guest.TinyGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiny QEMU guests with real serial consoles under the names and UUIDs of the lab's VM nodes,
 * on the lab's own libvirt daemon ({@link LabLibvirtd}): any number of clients (this process,
 * {@code virsh}, another Wharf) use it while the lab runs. {@link #close()} destroys and
 * undefines the guests and ends the daemon; {@link LabDirs#cleanStale()} ends those of a crashed
 * lab by their recorded pids.
 */
final class QemuGuestHosts implements LabHosts {

    private static final Logger LOG = LoggerFactory.getLogger(QemuGuestHosts.class);

    private final LabLibvirtd daemon;
    private Connect conn;

    private QemuGuestHosts(LabLibvirtd daemon, Connect conn) {
        this.daemon = daemon;
        this.conn = conn;
    }

    /**
     * Starts the lab's daemon, defines the node VMs (and one spare domain) and starts the first
     * {@code guests} of them.
     *
     * @throws IOException when the daemon does not start; LibvirtException when libvirt refuses
     *         (the caller falls back to the test driver)
     */
    static QemuGuestHosts start(Path labDir, TinyGuest guest, int guests) throws IOException, LibvirtException {
        LabLibvirtd daemon = LabLibvirtd.start(labDir);
        Connect conn;
        try {
            dev.wharf.libvirt.LibvirtEventLoop.ensureRunning();
            conn = new Connect(daemon.uri(), false);
        } catch (LibvirtException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        QemuGuestHosts hosts = new QemuGuestHosts(daemon, conn);
        try {
            List<LabHosts.HostDomain> defined = new ArrayList<>(NODE_VMS);
            defined.add(OTHERS.get(OTHERS.size() - 1)); // one spare, shut off
            int started = 0;
            for (LabHosts.HostDomain d : defined) {
                boolean busy = started == 0 && d.state() == State.RUNNING;
                Domain dom = conn.domainDefineXML(snapshotDisk(labDir, d.name())
                        .map(disk -> guest.domainXml(d.name(), d.uuid(), d.memoryMiB(), busy, disk, "qcow2"))
                        .orElseGet(() -> guest.domainXml(d.name(), d.uuid(), d.memoryMiB(), busy)));
                try {
                    if (d.state() == State.RUNNING && started < guests) {
                        dom.create();
                        started++;
                        recordGuest(labDir, daemon.root(), d.name());
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

    /** A small qcow2 disk for the guest's snapshots (made with qemu-img; none without it: snapshots then say why). */
    private static java.util.Optional<Path> snapshotDisk(Path labDir, String name) {
        try {
            Path disk = Files.createDirectories(labDir.resolve("disks")).resolve(name + ".qcow2");
            TinyGuest.createDisk(disk, "qcow2", 16);
            return java.util.Optional.of(disk);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(QemuGuestHosts.class).info("lab: {} gets no snapshot disk: {}", name,
                    e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** Records the guest's QEMU (pid and start time, from the daemon's pid file) as started by the lab. */
    private static void recordGuest(Path labDir, Path daemonRoot, String name) {
        for (String rel : new String[] {"run/qemu/" + name + ".pid", "run/libvirt/qemu/run/" + name + ".pid"}) {
            Path pidFile = daemonRoot.resolve(rel);
            try {
                if (Files.exists(pidFile)) {
                    LabProcess.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .ifPresent(p -> LabDirs.record(labDir, p));
                    return;
                }
            } catch (IOException | NumberFormatException e) {
                LOG.debug("lab: cannot read {}: {}", pidFile, e.toString());
            }
        }
    }

    @Override
    public List<String> uris() {
        return List.of(daemon.uri());
    }

    @Override
    public String notice() {
        return "";
    }

    /** Destroys and undefines every domain, closes the connection and ends the daemon. */
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
                LOG.debug("lab: close {}: {}", daemon.uri(), e.getMessage());
            }
            daemon.close();
        }
    }

    private static void removeAll(Connect c) {
        try {
            for (Domain d : c.listAllDomains(0)) {
                try {
                    if (d.isActive() == 1) {
                        d.destroy();
                    }
                    d.undefine(2); // VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA: a guest the user snapshotted goes too
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
