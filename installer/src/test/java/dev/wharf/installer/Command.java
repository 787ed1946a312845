package dev.wharf.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program of the built image or a packaging tool, with a time limit; output is captured in files. */
final class Command {
    /** What a finished program left: its exit code, standard output and standard error. */
    record Result(int exit, String out, String err) {
        /** For assertion messages: everything the program said. */
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Command() {
    }

    static Result run(Duration limit, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("wharf-installer-", ".out");
            Path err = Files.createTempFile("wharf-installer-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not finish within " + limit + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8) + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    static Result run(Duration limit, List<String> command) {
        return run(limit, Map.of(), command);
    }

    /** A path the build passed in a system property (see the surefire execution in installer/pom.xml). */
    static Path builtPath(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set: run these tests through Maven "
                    + "(./mvnw -pl installer -am verify), which builds the image first");
        }
        return Path.of(value);
    }
}
