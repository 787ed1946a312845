package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.libvirt.LibvirtConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** Helpers for the lab's tests: kubectl, plain HTTP calls, waiting, and the CI rule for libvirt. */
final class LabTesting {

    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LabTesting() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** In CI a test that needs libvirt fails without it; elsewhere it is skipped, saying why. */
    static void requireLibvirt() {
        LibvirtConnection.unavailableReason().ifPresent(why -> {
            if (ci()) {
                fail("libvirt is required in CI: " + why);
            }
            Assumptions.abort("libvirt is missing: " + why);
        });
    }

    static void requireKubectl() {
        if (!Files.isExecutable(KUBECTL)) {
            if (ci()) {
                fail("kubectl is required in CI at " + KUBECTL);
            }
            Assumptions.abort("kubectl is not installed at " + KUBECTL);
        }
    }

    /** Runs kubectl against the lab; answers stdout; fails on a non-zero exit with stderr. */
    static String kubectl(Lab lab, Path cacheDir, String... args) throws IOException, InterruptedException {
        Result r = kubectlResult(lab, cacheDir, args);
        assertThat(r.code()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    record Result(int code, String out, String err) {
    }

    static Result kubectlResult(Lab lab, Path cacheDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", lab.kubeconfig().toString(),
                "--cache-dir", cacheDir.toString(), "--request-timeout", "20s"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(cacheDir, "out", ".txt");
        Path err = Files.createTempFile(cacheDir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static HttpResponse<String> put(Lab lab, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(Lab lab, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(lab.apiUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void eventually(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("not within " + timeout.toMillis() + " ms: " + what);
    }
}
