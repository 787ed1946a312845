package dev.wharf.libvirt;

import dev.wharf.inventory.WharfException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a libvirt connection URI before anything connects: pure, no libvirt needed.
 *
 * <p>Accepted: {@code DRIVER[+TRANSPORT]://[USER@][HOST][:PORT]/PATH[?PARAMS]} with the drivers
 * {@code qemu}, {@code ch} (Cloud Hypervisor), {@code test}, {@code lxc}, {@code xen}, {@code libxl},
 * {@code bhyve}, {@code vz}, {@code vbox} and the transports {@code unix}, {@code ssh}, {@code libssh},
 * {@code libssh2}, {@code tls}, {@code tcp}, {@code ext}. Examples: {@code qemu:///system},
 * {@code qemu+ssh://root@h1:2222/system?keyfile=/k&no_verify=1}, {@code test:///default},
 * {@code test:///abs/path.xml}, {@code ch:///system}.
 */
public final class LibvirtUris {
    private static final Set<String> DRIVERS = Set.of("qemu", "ch", "test", "lxc", "xen", "libxl", "bhyve", "vz", "vbox");
    private static final Set<String> TRANSPORTS = Set.of("unix", "ssh", "libssh", "libssh2", "tls", "tcp", "ext");
    private static final Set<String> REMOTE = Set.of("ssh", "libssh", "libssh2", "tls", "tcp");
    /** Query parameters libvirt's remote driver understands (see libvirt's "remote" URI docs). */
    private static final Set<String> PARAMS = Set.of("name", "command", "socket", "netcat", "keyfile", "known_hosts",
            "known_hosts_verify", "no_verify", "no_tty", "pkipath", "tls_priority", "sshauth", "mode", "proxy",
            "root", "authfile");
    private static final Set<String> BOOLEAN_PARAMS = Set.of("no_verify", "no_tty");
    private static final String FORM = "expected DRIVER[+TRANSPORT]://[USER@][HOST][:PORT]/PATH, "
            + "e.g. qemu:///system, qemu+ssh://root@host/system or test:///default";

    /** Longer than any real URI (paths of keys and sockets included); libvirt itself copes badly with more. */
    static final int MAX_LENGTH = 2048;

    private LibvirtUris() {
    }

    /** The driver part of a valid URI ({@code qemu} for {@code qemu+ssh://…}). */
    public static String driver(String uri) {
        String n = validate(uri);
        String scheme = n.substring(0, n.indexOf(':'));
        int plus = scheme.indexOf('+');
        return plus < 0 ? scheme : scheme.substring(0, plus);
    }

    /**
     * Returns the URI normalized (trimmed, scheme in lower case) or throws a {@link WharfException}
     * that says what is wrong and what a valid URI looks like.
     */
    public static String validate(String uri) {
        if (uri == null || uri.isBlank()) {
            throw bad(String.valueOf(uri), "it is empty");
        }
        String s = uri.trim();
        if (s.length() > MAX_LENGTH) {
            throw bad(s, "it is " + s.length() + " characters long (at most " + MAX_LENGTH + ")");
        }
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw bad(s, "it contains white space");
        }
        int colon = s.indexOf("://");
        if (colon <= 0) {
            throw bad(s, "it has no '://'");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = s.substring(colon);
        String driver = scheme;
        String transport = null;
        int plus = scheme.indexOf('+');
        if (plus >= 0) {
            driver = scheme.substring(0, plus);
            transport = scheme.substring(plus + 1);
            if (!TRANSPORTS.contains(transport)) {
                throw bad(s, "unknown transport '" + transport + "' (known: " + sorted(TRANSPORTS) + ")");
            }
        }
        if (!DRIVERS.contains(driver)) {
            throw bad(s, "unknown driver '" + driver + "' (known: " + sorted(DRIVERS) + ")");
        }
        if (rest.equals("://")) {
            throw bad(s, "the path is missing after '://' (three slashes for a local host: " + driver + ":///...)");
        }
        String normalized = scheme + rest;
        URI u;
        try {
            u = new URI(normalized);
        } catch (URISyntaxException e) {
            throw bad(s, e.getReason() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        String host = u.getHost();
        if (u.getRawAuthority() != null && host == null) {
            throw bad(s, "the host part '" + u.getRawAuthority() + "' is not a valid host[:port]");
        }
        if (transport != null && REMOTE.contains(transport) && host == null) {
            throw bad(s, transport + " needs a host, e.g. " + driver + "+" + transport + "://root@host/system");
        }
        if (u.getPort() != -1 && (u.getPort() < 1 || u.getPort() > 65535)) {
            throw bad(s, "port " + u.getPort() + " is out of range 1-65535");
        }
        if (u.getUserInfo() != null && u.getUserInfo().isEmpty()) {
            throw bad(s, "the user name before '@' is empty");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        checkPath(s, driver, path, u.getRawQuery());
        checkQuery(s, transport, u.getRawQuery());
        return normalized;
    }

    private static void checkPath(String s, String driver, String path, String query) {
        switch (driver) {
            case "qemu", "ch", "lxc", "bhyve", "vz" -> {
                if (path.isEmpty() || path.equals("/")) {
                    throw bad(s, "the path is missing: use /system (all guests, needs root or the libvirt group) "
                            + "or /session (your own guests)");
                }
                boolean embed = driver.equals("qemu") && path.equals("/embed");
                if (!path.equals("/system") && !path.equals("/session") && !embed) {
                    throw bad(s, "unknown path '" + path + "': use /system or /session");
                }
                if (embed && (query == null || !query.contains("root="))) {
                    throw bad(s, "qemu:///embed needs a root directory: qemu:///embed?root=/some/dir");
                }
            }
            case "test" -> {
                if (!path.equals("/default") && !(path.startsWith("/") && path.length() > 1)) {
                    throw bad(s, "the test driver needs /default or an absolute path to an XML file, "
                            + "e.g. test:///default or test:///home/me/hosts.xml");
                }
            }
            default -> {
                // xen, libxl, vbox: libvirt takes / or /system or /session.
            }
        }
    }

    private static void checkQuery(String s, String transport, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!PARAMS.contains(key)) {
                throw bad(s, "unknown parameter '" + key + "' (known: " + sorted(PARAMS) + ")");
            }
            if (BOOLEAN_PARAMS.contains(key) && !value.equals("0") && !value.equals("1")) {
                throw bad(s, key + " must be 0 or 1, not '" + value + "'");
            }
            if ((key.equals("keyfile") || key.equals("known_hosts") || key.equals("socket")) && value.isEmpty()) {
                throw bad(s, key + " needs a file path, e.g. " + key + "=/root/.ssh/id_ed25519");
            }
            if ((key.equals("keyfile") || key.equals("known_hosts") || key.equals("no_verify")
                    || key.equals("sshauth") || key.equals("known_hosts_verify"))
                    && (transport == null || !transport.contains("ssh"))
                    && !(key.equals("no_verify") && "tls".equals(transport))) {
                throw bad(s, key + " only applies to ssh transports (qemu+ssh://, qemu+libssh://)");
            }
        }
    }

    private static String sorted(Set<String> set) {
        return String.join(", ", new TreeSet<>(set));
    }

    private static WharfException bad(String uri, String why) {
        return new WharfException("'" + shortened(uri) + "' is not a valid libvirt URI: " + why + ". " + capitalize(FORM) + ".");
    }

    /** {@code uri} for a message: at most 120 characters, control characters shown as {@code ?}. */
    static String shortened(String uri) {
        String s = uri.replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 120 ? s : s.substring(0, 100) + "…(" + s.length() + " characters)";
    }

    private static String capitalize(String x) {
        return Character.toUpperCase(x.charAt(0)) + x.substring(1);
    }
}
