package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.WharfException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A domain's VNC display over {@code qemu+ssh://} (and {@code +libssh}, {@code +libssh2}): as
 * virt-manager does ({@code virtManager/sshtunnels.py}), {@code ssh} to the libvirt host with the
 * URI's user, port and keyfile, running {@code nc -U SOCKET} there for a socket display; a TCP
 * display is reached with ssh's own {@code -W ADDRESS:PORT} (the tunnel then ends with the display,
 * which Debian's OpenBSD nc does not do). The raw RFB bytes travel over ssh's stdin and stdout. {@code BatchMode=yes}: ssh cannot ask for a
 * password here, so keys (or an agent) must do, as for libvirt's own ssh transport; when ssh fails,
 * its last error line is the message.
 */
final class SshGraphicsTunnel {
    /** What may stand in a remote path or address we put on the remote shell's command line. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/:@%+=,-]+");

    /** What the remote shell says when the libvirt host has no nc. */
    static final String NO_NC = "no nc (netcat) on this host";

    private SshGraphicsTunnel() {
    }

    static boolean handles(String transport) {
        return transport.equals("ssh") || transport.equals("libssh") || transport.equals("libssh2");
    }

    /** The ssh command line for {@code display} of a domain on {@code uri}'s host. Pure. */
    static List<String> command(String uri, VncDisplay display) {
        URI u = URI.create(uri);
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new WharfException(uri + " names no host to tunnel to.");
        }
        Map<String, String> params = query(u.getRawQuery());
        List<String> cmd = new ArrayList<>(List.of("ssh", "-T", "-e", "none", "-o", "BatchMode=yes",
                "-o", "ServerAliveInterval=15"));
        if (u.getPort() > 0) {
            cmd.addAll(List.of("-p", String.valueOf(u.getPort())));
        }
        if (u.getUserInfo() != null && !u.getUserInfo().isEmpty()) {
            cmd.addAll(List.of("-l", u.getUserInfo()));
        }
        if (params.containsKey("keyfile")) {
            cmd.addAll(List.of("-i", params.get("keyfile")));
        }
        if ("1".equals(params.get("no_verify"))) {
            cmd.addAll(List.of("-o", "StrictHostKeyChecking=no"));
        }
        if (params.containsKey("known_hosts")) {
            cmd.addAll(List.of("-o", "UserKnownHostsFile=" + params.get("known_hosts")));
        }
        if (!display.socket().isEmpty()) {
            cmd.add(host);
            String nc = "-U " + safe(display.socket());
            // as virt-manager: OpenBSD nc needs no -q, traditional nc needs "-q 0" to end with the connection;
            // without nc on the host: one line naming the package, exit 127 (told apart in open())
            cmd.add("sh -c 'if ! command -v nc >/dev/null 2>&1; then echo \"" + NO_NC + "\" >&2; exit 127; "
                    + "elif nc -q 2>&1 | grep \"requires an argument\" >/dev/null; then exec nc -q 0 " + nc
                    + "; else exec nc " + nc + "; fi'");
        } else if (display.port() > 0) {
            // a TCP display: ssh's own stdio forwarding. Unlike "nc HOST PORT" (Debian's OpenBSD nc
            // keeps running when the display closes, so the viewer would never see the end), sshd
            // closes the channel with the display, and the host needs no nc.
            String a = display.address();
            String address = a.isEmpty() || a.equals("0.0.0.0") || a.equals("::") ? "127.0.0.1" : a;
            address = safe(address);
            if (address.contains(":") && !address.startsWith("[")) {
                address = "[" + address + "]";
            }
            cmd.addAll(List.of("-W", address + ":" + display.port(), host));
        } else {
            throw new WharfException("The VNC display has neither a port nor a socket yet (is the domain running?).");
        }
        return cmd;
    }

    /** Starts the tunnel and returns the display as a console stream. */
    static VncConsole open(String uri, VncDisplay display, String description, String uuid,
                           Supplier<Optional<char[]>> password, Supplier<ConsoleEnd> endResolver,
                           Consumer<LibvirtConsoles.Open> onFinished) {
        List<String> cmd = command(uri, display);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new WharfException("Cannot start ssh for the VNC display (" + e.getMessage()
                    + "): install the OpenSSH client (apt install openssh-client).", e);
        }
        StderrTail stderr = new StderrTail(p.getErrorStream());
        stderr.start();
        String host = URI.create(uri).getHost();
        Supplier<ConsoleEnd> why = () -> {
            try {
                if (p.waitFor(500, TimeUnit.MILLISECONDS) && p.exitValue() != 0) {
                    String line = stderr.last();
                    if (p.exitValue() == 127 && line.contains(NO_NC)) {
                        return ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the VNC tunnel needs nc on " + host
                                + ": install netcat there (apt install netcat-openbsd), as virt-manager needs too.");
                    }
                    if (line.contains("administratively prohibited")) {
                        return ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the sshd of " + host
                                + " forbids forwarding to the VNC display: allow it there (AllowTcpForwarding yes).");
                    }
                    return ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the ssh tunnel to " + host + " ended"
                            + (line.isEmpty() ? " (exit " + p.exitValue() + ")" : ": " + line)
                            + (p.exitValue() == 255 ? ". Check that key-based ssh to " + host + " works (BatchMode)." : ""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return endResolver.get();
        };
        return new VncConsole(description + " (ssh tunnel)", uuid, p.getInputStream(), p.getOutputStream(),
                p::destroy, password, why, onFinished);
    }

    private static String safe(String s) {
        if (!SAFE.matcher(s).matches()) {
            throw new WharfException("The VNC display's address " + s + " has characters Wharf will not put on a "
                    + "remote command line.");
        }
        return s;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** Keeps ssh's last stderr line (never its input: no secrets pass there). */
    private static final class StderrTail extends Thread {
        private final InputStream in;
        private volatile String last = "";

        StderrTail(InputStream in) {
            super("ssh-tunnel-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        last = line.strip();
                    }
                }
            } catch (IOException e) {
                // ssh ended
            }
        }

        String last() {
            try {
                join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return last;
        }
    }
}
