package dev.wharf.libvirt;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.WharfException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A log file on a remote libvirt host read over ssh, as the {@code qemu+ssh://} URI reaches it (its
 * user, host, port, {@code keyfile}, {@code known_hosts} and {@code no_verify}): the process
 * {@code ssh … tail -n N [-F] FILE}, its output as the log. {@code tail -F}'s own messages (the
 * file truncated, replaced, gone) become markers; other output on stderr, when ssh or tail fails,
 * becomes the error. {@link #close()} ends the ssh process (ours, by its handle).
 */
final class SshTailFeed implements LogFeed {
    private final String description;
    private final List<String> command;
    private final String shownPath;
    private final String origin;
    private final Instant since;
    private volatile boolean closed;
    private volatile Process process;

    private SshTailFeed(String description, List<String> command, String shownPath, String origin, Instant since) {
        this.description = description;
        this.command = command;
        this.shownPath = shownPath;
        this.origin = origin;
        this.since = since;
    }

    /**
     * @param remotePath the file on the host as a shell word: quoted already, or with
     *                   {@code $HOME}-style expansions the remote shell makes
     */
    static SshTailFeed of(String description, String uri, String remotePath, String shownPath, Integer tail,
                          boolean follow, String origin, Instant since) {
        List<String> cmd = sshCommand(uri);
        cmd.add("tail -n " + (tail == null ? "+1" : String.valueOf(tail)) + (follow ? " -F" : "") + " -- " + remotePath);
        return new SshTailFeed(description, cmd, shownPath, origin, since);
    }

    /** {@code ssh [-p PORT] [-i KEY] [-o …] [USER@]HOST}, from a {@code qemu+ssh://} URI. */
    static List<String> sshCommand(String uri) {
        URI u = URI.create(uri);
        Map<String, String> q = DaemonFiles.query(u.getRawQuery());
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=15",
                "-o", "ServerAliveInterval=15", "-T"));
        if (u.getPort() > 0) {
            cmd.addAll(List.of("-p", String.valueOf(u.getPort())));
        }
        if (q.containsKey("keyfile")) {
            cmd.addAll(List.of("-i", q.get("keyfile")));
        }
        if ("1".equals(q.get("no_verify"))) {
            cmd.addAll(List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "LogLevel=ERROR"));
        } else if (q.containsKey("known_hosts")) {
            cmd.addAll(List.of("-o", "UserKnownHostsFile=" + q.get("known_hosts")));
        }
        cmd.add((u.getRawUserInfo() == null ? "" : URLDecoder.decode(u.getRawUserInfo(), StandardCharsets.UTF_8) + "@")
                + u.getHost());
        return cmd;
    }

    /** A path as one word for a POSIX shell. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener listener) {
        if (closed) {
            listener.onEnd(null);
            return;
        }
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            listener.onEnd(new WharfException("Cannot run ssh to read " + shownPath + " (" + e.getMessage()
                    + "): install it (apt install openssh-client).", e));
            return;
        }
        process = p;
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to send
        }
        List<String> errors = new ArrayList<>();
        Thread err = new Thread(() -> readErrors(p.getErrorStream(), listener, errors), "wharf-log-ssh-err");
        err.setDaemon(true);
        err.start();
        Thread out = new Thread(() -> {
            LogLineReader reader = new LogLineReader(origin, since, listener::onLine);
            byte[] buf = new byte[1 << 16];
            try (InputStream in = p.getInputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    reader.feed(buf, 0, n);
                }
                reader.flush();
            } catch (IOException e) {
                // the process was ended
            }
            WharfException error = null;
            try {
                err.join(5000);
                int code = p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
                if (code != 0 && !closed) {
                    error = failure(code, errors);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.onEnd(error);
        }, "wharf-log-ssh " + shownPath);
        out.setDaemon(true);
        out.start();
    }

    private void readErrors(InputStream in, Listener listener, List<String> errors) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("tail: ") && line.contains("truncated")) {
                    listener.onLine(LogLine.marker(LogLine.Kind.GAP, Instant.now(), origin, shownPath
                            + " was truncated: lines written just before may be missing; reading it again from its start"));
                } else if (line.startsWith("tail: ") && (line.contains("has been replaced") || line.contains("has appeared")
                        || line.contains("has become inaccessible"))) {
                    listener.onLine(LogLine.marker(LogLine.Kind.NOTICE, Instant.now(), origin, line.substring(6)));
                } else if (!line.isBlank()) {
                    synchronized (errors) {
                        errors.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            // the process was ended
        }
    }

    private WharfException failure(int code, List<String> errors) {
        String said;
        synchronized (errors) {
            said = String.join("; ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
        }
        String hint;
        if (said.contains("Permission denied (publickey") || said.contains("Host key verification failed")
                || code == 255) {
            hint = "ssh could not log in: the URI's user, key (?keyfile=) and known hosts (?known_hosts= or ?no_verify=1)"
                    + " must let `ssh` in without a password, as they do for libvirt";
        } else if (said.contains("Permission denied")) {
            hint = "the ssh user may not read " + shownPath + ": connect as root or as a member of its group";
        } else if (said.contains("No such file")) {
            hint = shownPath + " does not exist (yet): libvirt writes it when the domain starts";
        } else {
            hint = "ssh exited with " + code;
        }
        return new WharfException("Reading " + shownPath + " over ssh failed: " + hint
                + (said.isEmpty() ? "." : " (" + said + ")."));
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }
}
