package dev.wharf.isolation;

import java.util.List;

/** Host paths that hand over the node: its root, configuration, kernel interfaces, kubelet, runtime. */
public final class HostPaths {
    static final List<String> SENSITIVE = List.of("/etc", "/proc", "/sys", "/dev", "/boot", "/root",
            "/var/lib/kubelet", "/var/run", "/run");
    static final List<String> RUNTIME_SOCKETS = List.of("docker.sock", "containerd.sock", "crio.sock",
            "cri-dockerd.sock", "podman.sock");

    private HostPaths() {
    }

    /**
     * The sensitive path {@code path} is or lies under ("/", "/etc", "a container runtime socket"),
     * or null when it is not sensitive.
     */
    public static String sensitive(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String p = normalize(path);
        if (p.equals("/")) {
            return "/";
        }
        for (String s : RUNTIME_SOCKETS) {
            if (p.endsWith("/" + s)) {
                return "a container runtime socket";
            }
        }
        for (String s : SENSITIVE) {
            if (p.equals(s) || p.startsWith(s + "/")) {
                return s;
            }
        }
        return null;
    }

    static String normalize(String path) {
        String p = path.trim().replaceAll("/+", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        while (p.endsWith("/.")) {
            p = p.substring(0, p.length() - 2);
        }
        return p.isEmpty() ? "/" : p;
    }
}
