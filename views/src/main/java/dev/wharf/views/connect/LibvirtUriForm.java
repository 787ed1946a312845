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
