package dev.wharf.libvirt;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a local libvirt daemon keeps its files, as it sees them. libvirt has no API for a domain's
 * logs: they are files of the daemon's host. QEMU's log is {@code LOGDIR/NAME.log} with LOGDIR
 * {@code /var/log/libvirt/qemu} for {@code qemu:///system}, {@code $XDG_CACHE_HOME/libvirt/qemu/log}
 * (default {@code ~/.cache/…}) for {@code qemu:///session}, {@code ROOT/log/qemu} for
 * {@code qemu:///embed?root=ROOT}. A private daemon may run in its own mount namespace (Wharf's lab
 * and test daemons bind-mount their own directories over {@code /var/log/libvirt}) or with its own
 * environment: the daemon is found by its socket ({@code /proc/net/unix}, then which process holds
 * that socket) and its files are opened through {@code /proc/PID/root}, with {@code XDG_CACHE_HOME}
 * and {@code HOME} read from its environment. When the daemon cannot be found (another user's
 * process), the path is used as it is.
 */
final class DaemonFiles {
    private final Path root;
    private final Map<String, String> env;

    private DaemonFiles(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    /** The files of the daemon a local URI talks to. */
    static DaemonFiles of(String uri) {
        Optional<Long> pid = socket(uri).flatMap(DaemonFiles::pidListeningOn);
        if (pid.isPresent()) {
            Path root = Path.of("/proc", String.valueOf(pid.get()), "root");
            if (Files.isDirectory(root.resolve("var"))) {
                return new DaemonFiles(root, environ(pid.get()));
            }
        }
        return new DaemonFiles(null, System.getenv());
    }

    /** The directory QEMU's per-domain logs are in, as the daemon names it. */
    String qemuLogDir(String uri) {
        URI u = URI.create(uri);
        String path = u.getPath() == null ? "" : u.getPath();
        Map<String, String> q = query(u.getRawQuery());
        if (path.equals("/session")) {
            String cache = env.get("XDG_CACHE_HOME");
            if (cache == null || cache.isBlank()) {
                cache = env.getOrDefault("HOME", System.getProperty("user.home")) + "/.cache";
            }
            return cache + "/libvirt/qemu/log";
        }
        if (path.equals("/embed") && q.containsKey("root")) {
            return q.get("root") + "/log/qemu";
        }
        return "/var/log/libvirt/qemu";
    }

    /** A file the daemon names {@code path}, to be opened from here. */
    Path resolve(String path) {
        if (root == null) {
            return Path.of(path);
        }
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** The daemon's unix socket for a local URI: its {@code socket=} parameter, else libvirt's default. */
    static Optional<String> socket(String uri) {
        URI u = URI.create(uri);
        Map<String, String> q = query(u.getRawQuery());
        if (q.containsKey("socket")) {
            return Optional.of(q.get("socket"));
        }
        if ("/session".equals(u.getPath())) {
            String run = System.getenv("XDG_RUNTIME_DIR");
            return Optional.of(run != null && !run.isBlank() ? run + "/libvirt/libvirt-sock"
                    : System.getProperty("user.home") + "/.cache/libvirt/libvirt-sock");
        }
        if ("/embed".equals(u.getPath())) {
            return Optional.empty(); // no daemon: the files are this process's
        }
        return Optional.of(Files.exists(Path.of("/run/libvirt/virtqemud-sock")) ? "/run/libvirt/virtqemud-sock"
                : "/run/libvirt/libvirt-sock");
    }

    /** The process listening on the unix socket bound at {@code path}, if this user may see it. */
    static Optional<Long> pidListeningOn(String path) {
        String inode = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                // Num RefCount Protocol Flags Type St Inode Path; a listening socket has flags 00010000
                if (f.length >= 8 && f[7].equals(path) && f[3].equals("00010000")) {
                    inode = f[6];
                    break;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (inode == null) {
            return Optional.empty();
        }
        String target = "socket:[" + inode + "]";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try (Stream<Path> fds = Files.list(p.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (Files.readSymbolicLink(fd).toString().equals(target)) {
                                return Optional.of(Long.parseLong(p.getFileName().toString()));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process, or gone
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Map<String, String> environ(long pid) {
        Map<String, String> env = new HashMap<>();
        try {
            String all = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ")),
                    StandardCharsets.UTF_8);
            for (String kv : all.split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // not ours to read
        }
        for (String k : List.of("HOME")) {
            env.putIfAbsent(k, System.getProperty("user.home"));
        }
        return env;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            m.put(URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
