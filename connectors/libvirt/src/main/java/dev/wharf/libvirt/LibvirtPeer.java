package dev.wharf.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a peer that is not a libvirt daemon from one that failed. libvirt's RPC client reads the
 * first four bytes of whatever answers as a packet length: an SSH server's banner
 * ({@code SSH-2.0-…}) becomes "packet 1397966889 bytes too large", other servers "client socket
 * is closed". A libvirt daemon never speaks first, so after a failed {@code qemu+tcp://} connect
 * Wharf listens briefly on a fresh connection: a peer that sends something unasked is not
 * libvirt, and the banner says what it is.
 */
final class LibvirtPeer {
    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int LISTEN_MS = 1000;

    private LibvirtPeer() {
    }

    /**
     * A message saying the peer of {@code uri} is not a libvirt daemon, when that is so; empty
     * when it cannot be told (not a TCP transport, nothing listening, a silent peer).
     */
    static Optional<String> notLibvirt(String uri, String libvirtMessage) {
        URI u;
        try {
            u = new URI(uri);
        } catch (Exception e) {
            return Optional.empty();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.endsWith("+tcp") || u.getHost() == null) {
            return Optional.empty();
        }
        String lower = libvirtMessage.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused") || lower.contains("no route") || lower.contains("resolve")
                || lower.contains("name or service")) {
            return Optional.empty();
        }
        int port = u.getPort() > 0 ? u.getPort() : 16509;
        String peer = u.getHost() + ":" + port;
        return greeting(u.getHost(), port).map(g -> peer + " is not a libvirt daemon: it "
                + (g.startsWith("SSH-") ? "is an SSH server (" + g + "); for libvirt over SSH use "
                        + scheme.replace("+tcp", "+ssh") + "://USER@" + u.getHost() + (u.getPort() > 0 ? ":" + port : "")
                        + "/system"
                : g.startsWith("HTTP/") || g.startsWith("<") ? "answers like a web server (" + g + ")"
                : "speaks first, which libvirtd never does (" + g + ")")
                + ". Check the host and port (libvirtd listens on 16509 for qemu+tcp)");
    }

    /** The first line a peer sends without being asked, printable and short; empty when it says nothing. */
    static Optional<String> greeting(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(LISTEN_MS);
            byte[] buf = new byte[128];
            InputStream in = s.getInputStream();
            int n = in.read(buf);
            if (n <= 0) {
                return Optional.empty();
            }
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            int eol = text.indexOf('\n');
            String first = (eol >= 0 ? text.substring(0, eol) : text).strip().replaceAll("[^\\x20-\\x7e]", "?");
            return Optional.of(first.length() > 60 ? first.substring(0, 60) + "…" : first);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
