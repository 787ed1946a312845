package dev.wharf.views.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds a libvirt URI from the host form: {@code qemu+ssh://user@host:port/system?keyfile=…}. Pure. */
public final class LibvirtUriForm {
    /** How the client reaches the daemon. */
    public enum Transport {
        SSH, TLS, TCP, LOCAL;

        public String label() {
            return this == LOCAL ? "local (this machine)" : name().toLowerCase(Locale.ROOT);
        }
    }

    private LibvirtUriForm() {
    }

    /**
     * @param port    empty for the transport's default
     * @param keyFile SSH private key; empty for the agent/default keys (only for ssh)
     */
    public static String uri(String host, String user, Transport transport, String port, String keyFile) {
        if (transport == Transport.LOCAL) {
            return "qemu:///system";
        }
        StringBuilder b = new StringBuilder("qemu+").append(transport.name().toLowerCase(Locale.ROOT)).append("://");
        if (user != null && !user.isBlank()) {
            b.append(user.strip()).append('@');
        }
        String h = host == null ? "" : host.strip();
        b.append(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
        if (port != null && !port.isBlank()) {
            b.append(':').append(port.strip());
        }
        b.append("/system");
        if (transport == Transport.SSH && keyFile != null && !keyFile.isBlank()) {
            b.append("?keyfile=").append(URLEncoder.encode(keyFile.strip(), StandardCharsets.UTF_8).replace("%2F", "/"));
        }
        return b.toString();
    }

    /**
     * The transport a typed URI names ({@code qemu+tcp://…} → tcp, {@code qemu:///system} → local),
     * so the form agrees with the URI; empty while the scheme is incomplete or names none of them.
     */
    public static java.util.Optional<Transport> transportOf(String uri) {
        String u = uri == null ? "" : uri.strip().toLowerCase(Locale.ROOT);
        int colon = u.indexOf("://");
        if (colon < 0) {
            return java.util.Optional.empty();
        }
        String scheme = u.substring(0, colon);
        int plus = scheme.indexOf('+');
        if (plus < 0) {
            return u.startsWith(scheme + ":///") ? java.util.Optional.of(Transport.LOCAL) : java.util.Optional.empty();
        }
        String t = scheme.substring(plus + 1);
        for (Transport x : Transport.values()) {
            if (x != Transport.LOCAL && x.name().equalsIgnoreCase(t)) {
                return java.util.Optional.of(x);
            }
        }
        return t.equals("libssh") ? java.util.Optional.of(Transport.SSH) : java.util.Optional.empty();
    }

    /** What is wrong with the form before a URI is even built; empty when nothing. */
    public static String problem(String host, Transport transport, String port) {
        if (transport != Transport.LOCAL && (host == null || host.isBlank())) {
            return "Enter the host name or address.";
        }
        if (port != null && !port.isBlank()) {
            try {
                int p = Integer.parseInt(port.strip());
                if (p < 1 || p > 65535) {
                    return "The port must be between 1 and 65535.";
                }
            } catch (NumberFormatException e) {
                return "The port must be a number.";
            }
        }
        return "";
    }
}
