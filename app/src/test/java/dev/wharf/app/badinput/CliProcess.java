package dev.wharf.app.badinput;

import dev.wharf.app.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code wharf} as a user runs it: a new JVM through the real entry point ({@link Main#main}),
 * with its own environment (locale), its stdout optionally sent through a shell redirection
 * ({@code > /dev/full}, {@code | head -1}), stdout and stderr kept as bytes. Shared by the
 * bad-input suites of this package.
 */
public final class CliProcess {
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new java.util.HashMap<>();
    private String stdoutTo;
    private boolean keepStdinOpen;

    private CliProcess(List<String> args) {
        this.args.addAll(args);
    }

    /** {@code wharf ARGS}. */
    public static CliProcess wharf(String... args) {
        return new CliProcess(List.of(args));
    }

    /** Sets an environment variable (e.g. {@code LANG=C}). */
    public CliProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Sends stdout through a shell: {@code "> /dev/full"}, {@code "| head -1"}. */
    public CliProcess stdout(String shell) {
        stdoutTo = shell;
        return this;
    }

    /** Keeps stdin open (a console leaves 2 s after its input ends). */
    public CliProcess stdinOpen() {
        keepStdinOpen = true;
        return this;
    }

    /** What came out. */
    public record Result(int code, String out, String err, Duration took) {
        /** stderr's non-empty lines. */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** The command line of the JVM. */
    List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m",
                // the distribution's logging, not a test-jar's logback-test.xml on this class path
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        if (stdoutTo == null) {
            return cmd;
        }
        StringBuilder sh = new StringBuilder();
        for (String c : cmd) {
            sh.append('\'').append(c.replace("'", "'\\''")).append("' ");
        }
        // in a pipe the status is wharf's (the first command's), as with `set -o pipefail`
        return List.of("bash", "-c", stdoutTo.startsWith("|")
                ? sh + stdoutTo + "; exit ${PIPESTATUS[0]}"
                : "exec " + sh + stdoutTo);
    }

    /** Something to do while wharf runs; {@code out} and {@code err} read what it printed so far. */
    @FunctionalInterface
    public interface During {
        void accept(Process p, java.util.function.Supplier<String> out, java.util.function.Supplier<String> err)
                throws Exception;
    }

    /** Runs it; kills it after {@code limit} (then the code is -1). */
    public Result run(Duration limit) throws Exception {
        return run(limit, (p, o, e) -> { });
    }

    /** Runs it, calling {@code during} once it started (to signal it, kill a daemon …). */
    public Result run(Duration limit, During during) throws Exception {
        Path out = Files.createTempFile("wharf-cli", ".out");
        Path err = Files.createTempFile("wharf-cli", ".err");
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            OutputStream stdin = p.getOutputStream();
            if (!keepStdinOpen) {
                stdin.close();
            }
            during.accept(p, () -> read(out), () -> read(err));
            boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            stdin.close();
            return new Result(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), took);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to {@code limit} for {@code condition}; answers whether it came true. */
    public static boolean await(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
