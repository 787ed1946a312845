package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.WharfException;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reaches a domain's VNC display. Local URIs ({@code qemu:///system}, {@code qemu:///session},
 * {@code qemu:///embed}, {@code +unix}): {@code virDomainOpenGraphicsFD} with SKIPAUTH, so no password
 * is needed. {@code +tcp}/{@code +tls}: a TCP socket to the display's listen address (the URI's host
 * when it listens on all addresses); the password from the domain's secure XML, else the prompt.
 * {@code +ssh}: {@link SshGraphicsTunnel} (ssh to the host, as virt-manager does).
 */
final class VncOpener {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final String uri;
    private final CredentialPrompt prompt;

    VncOpener(String uri, CredentialPrompt prompt) {
        this.uri = uri;
        this.prompt = prompt;
    }

    /** The URI's transport: "" for local (no {@code +} and no host), else {@code ssh}, {@code tcp}… */
    static String transport(String uri) {
        URI u = URI.create(uri);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        int plus = scheme.indexOf('+');
        String t = plus < 0 ? "" : scheme.substring(plus + 1);
        if (t.equals("unix")) {
            return "";
        }
        if (t.isEmpty() && u.getHost() != null && !u.getHost().isEmpty()) {
            return "tls"; // libvirt's default for a URI with a host
        }
        return t;
    }

    /** Opens the display (blocking: on the source's worker). */
    VncConsole open(Domain d, String name, String uuid, String description, Supplier<ConsoleEnd> endResolver,
                    Consumer<LibvirtConsoles.Open> onFinished) throws LibvirtException {
        VncDisplay display = VncDisplay.parse(d.getXMLDesc(0)).orElseThrow(() ->
                new WharfException(name + " has no VNC display (no <graphics type='vnc'> in its definition)."));
        String transport = transport(uri);
        if (transport.isEmpty()) {
            int fd = NativeShim.lib().virDomainOpenGraphicsFD(NativeShim.domainPointer(d), display.index(),
                    NativeShim.OPEN_GRAPHICS_SKIPAUTH);
            if (fd < 0) {
                throw new WharfException("Cannot open the VNC display of " + name + ": " + NativeShim.lastError());
            }
            FdStreams s = new FdStreams(fd);
            return new VncConsole(description, uuid, s.in, s.out, s, Optional::empty, endResolver, onFinished);
        }
        if (transport.equals("tcp") || transport.equals("tls")) {
            return network(d, name, uuid, description, display, endResolver, onFinished);
        }
        if (SshGraphicsTunnel.handles(transport)) {
            char[] known = securePassword(d);
            return SshGraphicsTunnel.open(uri, display, description, uuid,
                    () -> password(known, name, URI.create(uri).getHost()), endResolver, onFinished);
        }
        throw new WharfException("The VNC display of " + name + " cannot be reached over " + transport
                + " yet: open it with a local URI on the host, or virt-viewer --connect " + uri + " " + name + ".");
    }

    /**
     * Where a TCP connection to the display goes for a {@code +tcp}/{@code +tls} URI: its listen address,
     * or the URI's host when it listens on all addresses. Refuses, saying what to do, a display that
     * listens on a UNIX socket or on the remote host's loopback only.
     */
    static InetSocketAddress networkTarget(String uri, VncDisplay display, String name) {
        String host = URI.create(uri).getHost();
        if (display.port() <= 0) {
            throw new WharfException("The VNC display of " + name + " listens on "
                    + (display.socket().isEmpty() ? "no TCP port" : "the UNIX socket " + display.socket())
                    + " of " + host + " only: connect with qemu+ssh:// or on the host itself.");
        }
        String address = display.address();
        if (loopback(address) && !loopback(host)) {
            throw new WharfException("The VNC display of " + name + " listens on " + address + " of " + host
                    + " only: connect with qemu+ssh:// (a tunnel) or change its <graphics listen=…>.");
        }
        String target = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? host : address;
        return InetSocketAddress.createUnresolved(target, display.port());
    }

    private VncConsole network(Domain d, String name, String uuid, String description, VncDisplay display,
                               Supplier<ConsoleEnd> endResolver, Consumer<LibvirtConsoles.Open> onFinished) {
        String host = URI.create(uri).getHost();
        InetSocketAddress at = networkTarget(uri, display, name);
        String target = at.getHostString();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target, display.port()), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            char[] known = securePassword(d);
            return new VncConsole(description, uuid, socket.getInputStream(), socket.getOutputStream(), socket,
                    () -> password(known, name, host), endResolver, onFinished);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // not open
            }
            throw new WharfException("Cannot reach the VNC display of " + name + " at " + target + ":" + display.port()
                    + " (" + e.getMessage() + "): a firewall may block it; connect with qemu+ssh:// instead.", e);
        }
    }

    private static boolean loopback(String a) {
        return a.equals("127.0.0.1") || a.equals("::1") || a.equals("[::1]") || a.equals("localhost");
    }

    /** The password from the secure XML where this connection may read it (on the worker), else null. */
    private static char[] securePassword(Domain d) {
        try {
            String pw = VncDisplay.parse(d.getXMLDesc(NativeShim.XML_SECURE)).map(VncDisplay::password).orElse(null);
            return pw == null ? null : pw.toCharArray();
        } catch (LibvirtException | RuntimeException e) {
            return null; // a read-only connection may not read secrets: ask
        }
    }

    /**
     * Hands the known password over once (the caller wipes its copy; ours is wiped here), else asks
     * the prompt. Held only in memory while the display's handshake is pending.
     */
    private Optional<char[]> password(char[] known, String name, String host) {
        if (known != null) {
            synchronized (known) {
                if (known.length > 0 && known[0] != 0) {
                    char[] copy = known.clone();
                    java.util.Arrays.fill(known, '\0');
                    return Optional.of(copy);
                }
            }
        }
        return prompt.ask(uri, List.of(new CredentialPrompt.Question(CredentialPrompt.Question.Kind.PASSWORD,
                "VNC password of " + name + " on " + host, ""))).map(a -> a.get(0));
    }
}
