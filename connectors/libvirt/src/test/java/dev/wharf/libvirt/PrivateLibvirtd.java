package dev.wharf.libvirt;

import dev.wharf.libvirt.guest.TinyGuest;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real-libvirt test fixture: one private libvirtd per test JVM (its own config, socket dir,
 * pid files, TCP port on 127.0.0.1 with {@code auth_tcp = "none"}, virtlogd started first, all in
 * a private mount namespace so it collides with no other libvirtd), an sshd on a loopback port with
 * a generated key, and the {@link TinyGuest} booted under TCG on demand.
 *
 * <p>{@link #get()} starts it once; it is torn down (guests destroyed and undefined, daemons killed
 * by their pids, temp dirs removed) by a JVM shutdown hook, also after failures. In CI
 * ({@code CI=true}) anything missing (libvirtd, qemu, the kernel) fails the test with the reason;
 * elsewhere the test is skipped with it.
 */
public final class PrivateLibvirtd implements AutoCloseable {
    private static PrivateLibvirtd shared;
    private static String startFailure;

    private final Path root;
    private final Path cache;
    private final int tcpPort;
    private final int sshPort;
    private final TinyGuest guest;
    private final Set<String> guests = ConcurrentHashMap.newKeySet();

    /** The shared fixture, started on first use; fails (CI) or skips (elsewhere) when it cannot start. */
    public static synchronized PrivateLibvirtd get() {
        if (shared == null && startFailure == null) {
            String missing = missing();
            if (missing != null) {
                startFailure = missing;
            } else {
                try {
                    shared = new PrivateLibvirtd();
                    PrivateLibvirtd s = shared;
                    Runtime.getRuntime().addShutdownHook(new Thread(s::close, "private-libvirtd-teardown"));
                } catch (Exception e) {
                    startFailure = "the private libvirtd did not start: " + e.getMessage();
                }
            }
        }
        if (shared == null) {
            requireOrSkip(startFailure);
        }
        return shared;
    }

    /** In CI a missing prerequisite fails the test; elsewhere it skips it with the reason. */
    static void requireOrSkip(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("libvirt test prerequisites missing in CI: " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    /** Also for the test-driver tests: the native library must load. */
    static void requireLibvirt() {
        LibvirtConnection.unavailableReason().ifPresent(PrivateLibvirtd::requireOrSkip);
    }

    private static String missing() {
        List<String> m = new ArrayList<>();
        LibvirtConnection.unavailableReason().ifPresent(m::add);
        for (String bin : new String[] {"/usr/sbin/libvirtd", "/usr/sbin/virtlogd", "/usr/bin/qemu-system-x86_64",
            "/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/virsh", "/usr/bin/unshare"}) {
            if (!Files.isExecutable(Path.of(bin))) {
                m.add(bin + " is missing (apt install libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients "
                        + "qemu-system-x86 openssh-server openssh-client)");
            }
        }
        String guest = TinyGuest.missingReason(TinyGuest.defaultDir());
        if (guest != null) {
            m.add(guest);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            m.add("the private libvirtd needs root (a system-mode daemon in a private mount namespace)");
        }
        return m.isEmpty() ? null : String.join("; ", m);
    }

    private PrivateLibvirtd() throws IOException, InterruptedException {
        guest = TinyGuest.prepare(TinyGuest.defaultDir()).orElseThrow();
        cleanLeftovers();
        root = Files.createTempDirectory("wharf-libvirt-it-");
        Files.writeString(root.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()));
        cache = TinyGuest.defaultDir().getParent().resolve("libvirt-it-cache"); // QEMU capabilities: probe once
        tcpPort = freePort();
        sshPort = freePort();
        for (String d : new String[] {"etc", "run", "lib", "log", "ssh"}) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createDirectories(cache);
        writeConfigs();
        sh("getent group kvm >/dev/null || groupadd -r kvm; "
                + "getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu; "
                + "id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt "
                + "-s /usr/sbin/nologin libvirt-qemu; "
                + "if [ -e /dev/kvm ]; then chgrp kvm /dev/kvm && chmod 0660 /dev/kvm; fi; true");
        try {
            startDaemons();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String socket() {
        return root.resolve("run/libvirt-sock").toString();
    }

    public String unixUri() {
        return "qemu:///system?socket=" + socket();
    }

    public String tcpUri() {
        return "qemu+tcp://127.0.0.1:" + tcpPort + "/system";
    }

    String sshUri() {
        return "qemu+ssh://root@127.0.0.1:" + sshPort + "/system?keyfile=" + root.resolve("ssh/client_key")
                + "&no_verify=1";
    }

    TinyGuest guest() {
        return guest;
    }

    /** Defines and starts a tiny guest; returns its UUID. */
    public UUID startGuest(String name) {
        UUID uuid = UUID.randomUUID();
        Path xml = root.resolve(name + ".xml");
        try {
            Files.writeString(xml, guest.domainXml(name, uuid, 160));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        guests.add(name);
        virsh("define", xml.toString());
        virsh("start", name);
        return uuid;
    }

    /** Runs virsh against the private daemon; returns its output, fails the test on error. */
    String virsh(String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", unixUri()));
        cmd.addAll(List.of(args));
        Result r = run(cmd, Duration.ofSeconds(60));
        if (r.code != 0) {
            throw new IllegalStateException("virsh " + String.join(" ", args) + " failed: " + r.out);
        }
        return r.out;
    }

    /** For clean-up: runs virsh, ignoring failures. */
    public Result virshQuietly(String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", unixUri()));
        cmd.addAll(List.of(args));
        return run(cmd, Duration.ofSeconds(30));
    }

    /** Kills libvirtd (SIGKILL, by its pid); guests keep running. */
    public void killDaemon() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(root.resolve("libvirtd.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
    }

    /** Freezes libvirtd (SIGSTOP): it keeps its sockets but answers nothing. */
    void freezeDaemon() throws IOException {
        signal("STOP");
    }

    /** Lets a frozen libvirtd run again (SIGCONT). */
    void thawDaemon() throws IOException {
        signal("CONT");
    }

    private void signal(String sig) throws IOException {
        String pid = Files.readString(root.resolve("libvirtd.pid")).trim();
        Result r = run(List.of("kill", "-" + sig, pid), Duration.ofSeconds(5));
        if (r.code != 0) {
            throw new IOException("kill -" + sig + " " + pid + ": " + r.out);
        }
    }

    /** Starts libvirtd again (after {@link #killDaemon}); it takes its running guests back. */
    public void restartDaemon() throws IOException, InterruptedException {
        startDaemons();
    }

    /** Restarts libvirtd if a test left it killed. */
    public void ensureRunning() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(root.resolve("libvirtd.pid")).trim());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        startDaemons();
    }

    private void startDaemons() throws IOException, InterruptedException {
        Files.deleteIfExists(root.resolve("run/libvirt-sock"));
        Path script = root.resolve("private-libvirtd.sh");
        if (!Files.exists(script)) {
            try (InputStream in = PrivateLibvirtd.class.getResourceAsStream("private-libvirtd.sh")) {
                Files.write(script, in.readAllBytes());
            }
        }
        Result r = run(List.of("sh", script.toString(), root.toString(), String.valueOf(tcpPort), cache.toString(),
                "daemons"), Duration.ofSeconds(30));
        if (r.code != 0) {
            throw new IOException("private libvirtd: " + r.out);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(root.resolve("run/libvirt-sock")) && connectable(tcpPort) && connectable(sshPort)
                    && run(List.of("virsh", "-q", "-c", unixUri(), "uri"), Duration.ofSeconds(10)).code == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the private libvirtd did not answer within 30 s; see " + root.resolve("log"));
    }

    private void writeConfigs() throws IOException {
        Files.writeString(root.resolve("etc/libvirtd.conf"), """
                listen_tls = 0
                listen_tcp = 1
                listen_addr = "127.0.0.1"
                tcp_port = "%d"
                auth_tcp = "none"
                auth_unix_rw = "none"
                unix_sock_dir = "%s"
                log_outputs = "3:file:%s"
                """.formatted(tcpPort, root.resolve("run"), root.resolve("log/libvirtd.log")));
        Files.writeString(root.resolve("etc/qemu.conf"), """
                user = "root"
                group = "root"
                dynamic_ownership = 0
                remember_owner = 0
                cgroup_controllers = [ ]
                namespaces = [ ]
                security_driver = "none"
                """);
        Files.writeString(root.resolve("etc/virtlogd.conf"), "log_outputs = \"3:file:%s\"\n"
                .formatted(root.resolve("log/virtlogd.log")));
        Path ssh = root.resolve("ssh");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ssh.resolve("host_key").toString()),
                Duration.ofSeconds(20));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ssh.resolve("client_key").toString()),
                Duration.ofSeconds(20));
        Files.copy(ssh.resolve("client_key.pub"), ssh.resolve("authorized_keys"));
        Files.setPosixFilePermissions(ssh.resolve("client_key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(ssh.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                AuthorizedKeysFile %s
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PidFile %s
                """.formatted(sshPort, ssh.resolve("host_key"), ssh.resolve("authorized_keys"), ssh.resolve("sshd.pid")));
    }

    @Override
    public synchronized void close() {
        if (root == null || !Files.exists(root)) {
            return;
        }
        for (String g : guests) {
            run(List.of("virsh", "-q", "-c", unixUri(), "destroy", g), Duration.ofSeconds(15));
            run(List.of("virsh", "-q", "-c", unixUri(), "undefine", g), Duration.ofSeconds(15));
        }
        killAll(root);
        deleteTree(root);
    }

    /** Kills, by the pids in its pid files, everything a fixture under {@code dir} started. */
    private static void killAll(Path dir) {
        List<Path> pidFiles = new ArrayList<>();
        for (String f : new String[] {"libvirtd.pid", "virtlogd.pid", "ssh/sshd.pid"}) {
            pidFiles.add(dir.resolve(f));
        }
        Path qemuRun = dir.resolve("run/qemu");
        if (Files.isDirectory(qemuRun)) {
            try (Stream<Path> s = Files.list(qemuRun)) {
                s.filter(p -> p.toString().endsWith(".pid")).forEach(pidFiles::add);
            } catch (IOException ignored) {
                // best effort
            }
        }
        for (Path p : pidFiles) {
            try {
                long pid = Long.parseLong(Files.readString(p).trim());
                ProcessHandle.of(pid).filter(PrivateLibvirtd::ours).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException ignored) {
                // not running
            }
        }
    }

    /** Only what a fixture starts: a pid file's pid may have been reused by now. */
    private static boolean ours(ProcessHandle h) {
        String cmd = h.info().command().orElse("");
        return cmd.endsWith("/libvirtd") || cmd.endsWith("/virtlogd") || cmd.endsWith("/sshd")
                || cmd.contains("qemu-system");
    }

    private static final String OWNER = "owner.pid";

    /** Whether the test JVM that made {@code dir} still runs (another test run on this machine: not ours to clean). */
    private static boolean ownerRunning(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(OWNER)).strip());
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Leftovers of a run that was killed before its shutdown hook ran (not those of a test JVM still running). */
    private static void cleanLeftovers() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("wharf-libvirt-it-"))
                    .filter(p -> !ownerRunning(p)).toList()) {
                killAll(d);
                deleteTree(d);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // sockets of a dying daemon; the next run cleans up
                }
            });
        } catch (IOException ignored) {
            // gone
        }
    }

    private static boolean connectable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sh(String script) {
        run(List.of("sh", "-c", script), Duration.ofSeconds(30));
    }

    public record Result(int code, String out) {
    }

    static Result run(List<String> cmd, Duration timeout) {
        try {
            // Output to a file, not a pipe: a daemon that forks may hold a pipe open for ever.
            Path out = Files.createTempFile("wharf-cmd", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out: " + String.join(" ", cmd));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim());
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
