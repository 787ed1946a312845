package dev.wharf.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's own libvirt daemon: a {@code libvirtd} with its own configuration, state and socket
 * under the lab's directory, so that {@code virsh -c URI} and a second Wharf reach the lab's
 * guests while the lab runs (libvirt's embedded driver allows one process per root, a daemon
 * any number of clients).
 *
 * <ul>
 * <li>As root: system mode in a private mount namespace ({@code unshare -m}, see
 * {@code lab-libvirtd.sh}); URI {@code qemu:///system?socket=DIR/libvirt/run/libvirt-sock}.</li>
 * <li>As another user: session mode with its XDG directories under the lab's; URI
 * {@code qemu:///session?socket=DIR/libvirt/run/libvirt/libvirt-sock}.</li>
 * </ul>
 * QEMU's stdio goes to files ({@code stdio_handler = "file"}): no virtlogd. The daemon's pid and
 * start time are recorded in the lab's directory ({@link LabDirs#record}), so a later lab ends
 * it if this one crashes. The QEMU capability cache is kept in
 * {@code ~/.cache/wharf/lab-libvirt-cache} (probing QEMU costs seconds on each fresh daemon).
 */
final class LabLibvirtd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabLibvirtd.class);
    /** The daemon's binary; {@code -Dwharf.lab.libvirtd=PATH} for another (tests: a missing one). */
    static Path libvirtd() {
        return Path.of(System.getProperty("wharf.lab.libvirtd", "/usr/sbin/libvirtd"));
    }
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final String uri;
    private final LabProcess daemon;

    private LabLibvirtd(Path root, String uri, LabProcess daemon) {
        this.root = root;
        this.uri = uri;
        this.daemon = daemon;
    }

    /** Why no private daemon can run here, or empty. */
    static Optional<String> unavailableReason() {
        if (!Files.isExecutable(libvirtd())) {
            return Optional.of("libvirt's daemon is not installed (" + libvirtd()
                    + "; sudo apt install libvirt-daemon libvirt-daemon-driver-qemu)");
        }
        if (asRoot() && !Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            return Optional.of("unshare is missing (sudo apt install util-linux)");
        }
        return Optional.empty();
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts the daemon under {@code labDir/libvirt} and waits until it answers on its socket.
     *
     * @throws IOException with the reason (and the daemon's own last log line) when it does not start
     */
    static LabLibvirtd start(Path labDir) throws IOException {
        Path root = labDir.resolve("libvirt").toAbsolutePath();
        Path cache = cacheDir();
        boolean system = asRoot();
        ProcessBuilder pb;
        Path socket;
        if (system) {
            for (String d : new String[] {"etc", "run", "lib", "log", "log/qemu"}) { // log/qemu: TinyGuest's serial logs
                Files.createDirectories(root.resolve(d));
            }
            Files.createDirectories(cache);
            Files.writeString(root.resolve("etc/libvirtd.conf"), """
                    unix_sock_dir = "%s"
                    unix_sock_group = "root"
                    unix_sock_rw_perms = "0700"
                    auth_unix_rw = "none"
                    auth_unix_ro = "none"
                    log_outputs = "3:file:%s"
                    """.formatted(root.resolve("run"), root.resolve("log/libvirtd.log")));
            Files.writeString(root.resolve("etc/qemu.conf"), """
                    user = "root"
                    group = "root"
                    dynamic_ownership = 0
                    remember_owner = 0
                    cgroup_controllers = [ ]
                    namespaces = [ ]
                    security_driver = "none"
                    stdio_handler = "file"
                    """);
            Path script = root.resolve("lab-libvirtd.sh");
            try (InputStream in = LabLibvirtd.class.getResourceAsStream("lab-libvirtd.sh")) {
                Files.write(script, in.readAllBytes());
            }
            pb = new ProcessBuilder(List.of("sh", script.toString(), root.toString(), cache.toString(), "outer",
                    libvirtd().toString()));
            socket = root.resolve("run/libvirt-sock");
        } else {
            for (String d : new String[] {"config/libvirt", "run", "data", "log"}) {
                Files.createDirectories(root.resolve(d));
            }
            Files.createDirectories(cache);
            Files.writeString(root.resolve("config/libvirt/libvirtd.conf"),
                    "log_outputs = \"3:file:%s\"\n".formatted(root.resolve("log/libvirtd.log")));
            Files.writeString(root.resolve("config/libvirt/qemu.conf"), "stdio_handler = \"file\"\n");
            pb = new ProcessBuilder(List.of(libvirtd().toString(), "-d", "--pid-file", root.resolve("libvirtd.pid").toString()));
            Map<String, String> env = pb.environment();
            env.put("XDG_CONFIG_HOME", root.resolve("config").toString());
            env.put("XDG_RUNTIME_DIR", root.resolve("run").toString());
            env.put("XDG_DATA_HOME", root.resolve("data").toString());
            env.put("XDG_CACHE_HOME", cache.toString());
            socket = root.resolve("run/libvirt/libvirt-sock");
        }
        Path out = root.resolve("start.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("libvirtd did not start within " + START_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("libvirtd did not start: " + lastLine(out));
            }
            LabProcess daemon = awaitDaemon(root.resolve("libvirtd.pid"), socket, out);
            LabDirs.record(labDir, daemon);
            String uri = (system ? "qemu:///system" : "qemu:///session") + "?socket=" + socket;
            LOG.debug("lab: private libvirtd {} at {}", daemon.pid(), uri);
            return new LabLibvirtd(root, uri, daemon);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting libvirtd", e);
        }
    }

    private static LabProcess awaitDaemon(Path pidFile, Path socket, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket) && Files.exists(pidFile)) {
                try {
                    Optional<LabProcess> d = LabProcess.of(Long.parseLong(Files.readString(pidFile).strip()));
                    if (d.isPresent()) {
                        return d.get();
                    }
                } catch (NumberFormatException e) {
                    // being written
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("libvirtd did not open its socket " + socket + " within "
                + START_TIMEOUT.toSeconds() + " s: " + lastLine(out));
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "no output";
        }
    }

    /** Where the daemons of all labs keep QEMU's capability cache between runs. */
    static Path cacheDir() {
        return dev.wharf.libvirt.guest.TinyGuest.defaultDir().resolveSibling("lab-libvirt-cache");
    }

    /** The URI clients use: this process, virsh, another Wharf. */
    String uri() {
        return uri;
    }

    Path root() {
        return root;
    }

    /** Ends the daemon (SIGTERM, then SIGKILL) and waits for it; guests still running are ended by their pid files. */
    @Override
    public void close() {
        daemon.stop(Duration.ofSeconds(5));
        for (LabProcess guest : LabDirs.guests(root)) {
            guest.stop(Duration.ofSeconds(3));
        }
    }
}
