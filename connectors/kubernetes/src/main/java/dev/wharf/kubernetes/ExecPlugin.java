package dev.wharf.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A client-go credential plugin ({@code users[].user.exec}): run like kubectl runs it (the
 * command, relative to the kubeconfig's directory when it holds a slash, else on PATH; its args
 * and env; {@code KUBERNETES_EXEC_INFO}; no stdin), but with a time limit, and every way it can
 * fail said: not found, exited with a status and its stderr, printed no credential, never ended.
 * Wharf runs it itself instead of fabric8 (which waits forever, mixes stderr into the credential
 * and only logs a failure).
 */
final class ExecPlugin {
    /** How long a plugin may take before Wharf gives up on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT = 1 << 20;

    /** What a plugin printed: a bearer token, or a client certificate and key; {@code expires} may be null. */
    record Credential(String token, String clientCertificateData, String clientKeyData, Instant expires) {
        boolean expired(Instant now) {
            return expires != null && !now.isBefore(expires.minusSeconds(10));
        }
    }

    private final ExecConfig exec;
    private final Path kubeconfigDir;
    private final String who;
    private final Duration timeout;

    /**
     * @param who how to name it in messages: "user U of context C"
     */
    ExecPlugin(ExecConfig exec, Path kubeconfig, String who, Duration timeout) {
        this.exec = Objects.requireNonNull(exec, "exec");
        this.kubeconfigDir = kubeconfig == null ? null : kubeconfig.toAbsolutePath().getParent();
        this.who = who;
        this.timeout = timeout;
    }

    String command() {
        return exec.getCommand() == null ? "" : exec.getCommand();
    }

    /** Runs the plugin; a {@link WharfException} saying what went wrong when it gives no credential. */
    Credential run() {
        String name = command();
        if (name.isBlank()) {
            throw new WharfException("The exec credential plugin of " + who + " names no command: set "
                    + "users[].user.exec.command in the kubeconfig.");
        }
        Path executable = resolve(name);
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        if (exec.getArgs() != null) {
            argv.addAll(exec.getArgs());
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (exec.getEnv() != null) {
            for (ExecEnvVar v : exec.getEnv()) {
                if (v != null && v.getName() != null) {
                    pb.environment().put(v.getName(), v.getValue() == null ? "" : v.getValue());
                }
            }
        }
        String apiVersion = exec.getApiVersion() == null ? "client.authentication.k8s.io/v1" : exec.getApiVersion();
        pb.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + apiVersion
                + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new WharfException("The exec credential plugin '" + name + "' of " + who + " cannot be started ("
                    + e.getMessage() + "): check that it is installed and executable.", e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // it does not read stdin: fine
        }
        Drain out = new Drain(p.getInputStream(), "stdout");
        Drain err = new Drain(p.getErrorStream(), "stderr");
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new WharfException("Interrupted while the exec credential plugin '" + name + "' of " + who + " ran.", e);
        }
        if (!finished) {
            kill(p);
            throw new WharfException("The exec credential plugin '" + name + "' of " + who + " did not finish within "
                    + timeout.toSeconds() + " s (it may be waiting for a login or a prompt): run it in a terminal "
                    + "(or kubectl get nodes) to see what it waits for, then retry.");
        }
        String stdout = out.text();
        String stderr = err.text();
        int status = p.exitValue();
        if (status != 0) {
            String why = shown(firstLine(stderr.isBlank() ? stdout : stderr));
            throw new WharfException("The exec credential plugin '" + name + "' of " + who + " exited with status "
                    + status + (why.isEmpty() ? "" : ": " + why) + ". Run it in a terminal to see why (a login may have expired).");
        }
        return parse(name, stdout);
    }

    private Credential parse(String name, String stdout) {
        JsonNode status = null;
        try {
            JsonNode root = new ObjectMapper().readTree(stdout);
            status = root == null ? null : root.get("status");
        } catch (IOException | RuntimeException e) {
            // not JSON: said below
        }
        String token = text(status, "token");
        String cert = text(status, "clientCertificateData");
        String key = text(status, "clientKeyData");
        if (token == null && (cert == null || key == null)) {
            String shown = shown(firstLine(stdout));
            throw new WharfException("The exec credential plugin '" + name + "' of " + who + " printed no credential"
                    + (shown.isEmpty() ? " (no output)" : " (it printed: " + shown + ")")
                    + ": it must print an ExecCredential with status.token or a client certificate; check its arguments.");
        }
        Instant expires = null;
        String exp = text(status, "expirationTimestamp");
        if (exp != null) {
            try {
                expires = Instant.parse(exp);
            } catch (DateTimeParseException e) {
                expires = null;
            }
        }
        return new Credential(token, cert, key, expires);
    }

    private Path resolve(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            if (!p.isAbsolute() && kubeconfigDir != null) {
                p = kubeconfigDir.resolve(p).normalize();
            }
            if (!Files.isRegularFile(p)) {
                throw notFound(name, p.toString());
            }
            return p;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path p = Path.of(dir, name);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return p;
                    }
                }
            }
        }
        throw notFound(name, "PATH");
    }

    private WharfException notFound(String name, String where) {
        String hint = exec.getInstallHint() == null || exec.getInstallHint().isBlank() ? ""
                : " (" + firstLine(exec.getInstallHint()) + ")";
        return new WharfException("The exec credential plugin '" + name + "' of " + who + " was not found (looked in "
                + where + "): install it" + hint + " or fix users[].user.exec.command in the kubeconfig.");
    }

    /**
     * A plugin's line as it may be shown: prose, or a short answer like {@code {}}; a line with a
     * long unbroken word may be a token printed the wrong way, and is not shown.
     */
    static String shown(String line) {
        if (line.isEmpty() || line.length() <= 8) {
            return line;
        }
        for (String word : line.split("\\s+")) {
            if (word.length() > 40) {
                return "a line of " + line.length() + " characters, not shown: it may hold a secret";
            }
        }
        return line;
    }

    private static String text(JsonNode n, String field) {
        if (n == null || !n.hasNonNull(field)) {
            return null;
        }
        String s = n.get(field).asText();
        return s.isEmpty() ? null : s;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        String line = (nl < 0 ? t : t.substring(0, nl)).strip();
        StringBuilder b = new StringBuilder();
        line.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.length() < line.length() ? b + "…" : b.toString();
    }

    /** Reads one of the plugin's streams on its own thread, up to 1 MB. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in, String what) {
            thread = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (bytes) {
                            if (bytes.size() < MAX_OUTPUT) {
                                bytes.write(buf, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended or was killed
                }
            }, "wharf-exec-plugin-" + what);
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
