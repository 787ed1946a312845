package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code wharf port-forward} as a user runs it, against the lab, with an HTTP client and curl on the forwarded port. */
class PortForwardCommandLabTest {
    private static final String WEB = "pod/shop/storefront-5d7f9c8b6-hrc2p";
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");
    private static final Path CURL = Path.of("/usr/bin/curl");
    private static Lab lab;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** A wharf run in the background (it runs until interrupted, as until Ctrl+C). */
    static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> code = new CompletableFuture<>();
        Thread thread;

        String out() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        /** The lines of stdout once {@code n} "Forwarding from" lines are there. */
        List<Matcher> forwarding(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !code.isDone()) {
                List<Matcher> found = new ArrayList<>();
                Matcher m = FORWARDING.matcher(out());
                while (m.find()) {
                    found.add(FORWARDING.matcher(m.group()));
                }
                if (found.size() >= n) {
                    found.forEach(Matcher::matches);
                    return found;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no 'Forwarding from' lines; out: " + out() + " err: " + err);
        }
    }

    static Running wharf(String... args) {
        Running r = new Running();
        List<String> all = new ArrayList<>(List.of("--kubeconfig", lab.kubeconfig().toString()));
        all.addAll(List.of(args));
        r.thread = new Thread(() -> {
            try {
                r.code.complete(Main.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                        new PrintStream(new Synced(r.out), true, StandardCharsets.UTF_8),
                        new PrintStream(r.err, true, StandardCharsets.UTF_8)));
            } catch (Throwable t) {
                r.code.completeExceptionally(t);
            }
        }, "wharf-port-forward-test");
        r.thread.start();
        return r;
    }

    /** Writes under the buffer's lock, so that the test reads whole writes. */
    static final class Synced extends java.io.OutputStream {
        private final ByteArrayOutputStream target;

        Synced(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (target) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (target) {
                target.write(b, off, len);
            }
        }
    }

    @Test
    void thePodsPageIsServedOnTheForwardedPortUntilInterrupted() throws Exception {
        Running run = wharf("port-forward", WEB, ":8080");
        try {
            Matcher line = run.forwarding(1).get(0);
            int local = Integer.parseInt(line.group(1));
            assertThat(line.group(2)).isEqualTo("8080");
            assertThat(local).as("a free port, not 8080").isNotZero();

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + local + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Hello from pod shop/storefront-5d7f9c8b6-hrc2p");

            if (Files.isExecutable(CURL)) {
                Process curl = new ProcessBuilder(CURL.toString(), "-sS", "--max-time", "10",
                        "http://127.0.0.1:" + local + "/").start();
                String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(curl.exitValue()).isZero();
                assertThat(body).contains("Hello from pod shop/storefront-5d7f9c8b6-hrc2p");
            }
        } finally {
            run.thread.interrupt();
        }
        run.code.get(30, TimeUnit.SECONDS);
        assertThat(run.thread.isAlive()).isFalse();
    }

    @Test
    void twoPortsEachGetTheirLine() throws Exception {
        Running run = wharf("port-forward", "pod/shop/redis-0", ":6379", ":6379");
        try {
            List<Matcher> lines = run.forwarding(2);
            assertThat(lines).extracting(m -> m.group(2)).containsExactly("6379", "6379");
            assertThat(lines.get(0).group(1)).isNotEqualTo(lines.get(1).group(1));
        } finally {
            run.thread.interrupt();
        }
        run.code.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aBadPortIsAUsageError() throws Exception {
        Running run = wharf("port-forward", WEB, "80:x:1");
        assertThat(run.code.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(run.err.toString(StandardCharsets.UTF_8)).contains("'80:x:1' is not a port: give REMOTE, LOCAL:REMOTE or :REMOTE");
    }

    @Test
    void aNodeCannotBeForwardedTo() throws Exception {
        Running run = wharf("port-forward", "node/worker-01", "22");
        assertThat(run.code.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(run.err.toString(StandardCharsets.UTF_8)).contains("ports can be forwarded to pods, microVM pods and VMs");
        assertThatThrownBy(() -> run.forwarding(1)).isInstanceOf(AssertionError.class);
    }
}
