package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wharf logs} as a user runs it, against the lab's API server (whose log endpoint answers
 * as the API server does), and beside {@code kubectl logs} against the same server.
 */
class LogsCommandLabTest {
    private static final String CRASHING = "pod/shop/image-resizer-84c6d9f7b-97xxx";
    private static final String JOB = "pod/ci/lint-main-28910355-5c4qm";
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

    record Run(int code, String out, String err) { }

    private static Run wharf(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", lab.kubeconfig().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run kubectl(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("kubectl", "--kubeconfig", lab.kubeconfig().toString()));
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(all).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** kubectl names a pod {@code -n NAMESPACE pod/NAME} where wharf says {@code pod/NAMESPACE/NAME}. */
    private static String[] kubectlArgs(List<String> wharfArgs) {
        List<String> out = new ArrayList<>();
        for (String a : wharfArgs) {
            if (a.startsWith("pod/")) {
                String[] p = a.split("/");
                out.addAll(List.of("-n", p[1], "pod/" + p[2]));
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    @Test
    void theFailingPodsLogHoldsItsStackTraceAndThePreviousInstanceExplainsTheCrash() {
        Run now = wharf("logs", CRASHING);
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).contains("Exception in thread \"worker-2\" java.lang.IllegalStateException: cannot decode HEIC")
                .contains("\tat com.example.resize.Worker.run(Worker.java:64)\n")
                .contains("Caused by: java.lang.UnsatisfiedLinkError")
                .contains("\u001b[31mERROR\u001b[0m");
        Run previous = wharf("logs", "-p", "--tail", "1", CRASHING);
        assertThat(previous.out()).contains("fatal: a worker died; exiting with status 1").hasLineCount(1);
    }

    @Test
    void flagsAndOutputAreKubectlsOnTheSameServer() throws Exception {
        String launcher = "pod/shop/virt-launcher-legacy-erp-krr6z";
        List<List<String>> cases = List.of(
                List.of("logs", JOB),
                List.of("logs", "--timestamps", JOB),
                List.of("logs", "--tail", "3", "--prefix", JOB),
                List.of("logs", "--timestamps", "--tail", "4", CRASHING),
                List.of("logs", "-p", CRASHING),
                List.of("logs", "-c", "guest-console-log", "--prefix", launcher));
        for (List<String> c : cases) {
            Run k = kubectl(kubectlArgs(c));
            Run w = wharf(c.toArray(String[]::new));
            assertThat(k.code()).as("kubectl %s: %s", c, k.err()).isZero();
            assertThat(w.code()).as("wharf %s: %s", c, w.err()).isZero();
            assertThat(w.out()).as("wharf %s", c).isEqualTo(k.out()).isNotEmpty();
        }
        // without -c on a pod with several containers: kubectl's choice (here its annotation), said on stderr
        // (the launcher's log grows every 2 s: asked again when a line came between the two runs)
        Run k = null;
        Run w = null;
        for (int attempt = 0; attempt < 5 && (w == null || !w.out().equals(k.out())); attempt++) {
            k = kubectl(kubectlArgs(List.of("logs", "--tail", "2", launcher)));
            w = wharf("logs", "--tail", "2", launcher);
        }
        assertThat(w.out()).isEqualTo(k.out()).isNotEmpty();
        assertThat(w.err()).contains("Defaulted container \"compute\"").contains("out of: compute, volumerootdisk");
    }

    @Test
    void aVmsLogIsItsGuestConsoleAndComputeIsTheLaunchers() {
        Run guest = wharf("logs", "vm/shop/legacy-erp");
        assertThat(guest.code()).as(guest.err()).isZero();
        assertThat(guest.out()).contains("Linux version 6.1.0").contains("legacy-erp login:");
        Run compute = wharf("logs", "-c", "compute", "--tail", "1", "vm/shop/legacy-erp");
        assertThat(compute.out()).startsWith("{\"component\":\"virt-launcher\"");
    }

    @Test
    void followPrintsNewLinesAsTheyComeUntilTheLogEnds() throws Exception {
        // the chatty pod: lines keep coming with increasing timestamps
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(Main.run(new String[] {"--kubeconfig", lab.kubeconfig().toString(), "logs",
            "-f", "--tail", "1", "--timestamps", "pod/analytics/spark-driver-q4-report"}, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))));
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.toString(StandardCharsets.UTF_8).lines().count() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        t.interrupt();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(50);
        List<Instant> times = lines.subList(0, 50).stream().map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
        assertThat(times).isSorted().doesNotHaveDuplicates();
        // a job that completed: -f prints its log and returns
        Run job = wharf("logs", "-f", JOB);
        assertThat(job.code()).isZero();
        assertThat(job.out()).contains("0 issues.");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Run both = wharf("logs", "--since", "5m", "--since-time", "2026-12-02T10:00:00Z", JOB);
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).startsWith("wharf: at most one of --since and --since-time may be given");
        Run bad = wharf("logs", "--since", "5 minutes", JOB);
        assertThat(bad.code()).isEqualTo(2);
        Run unknown = wharf("logs", "-c", "nope", JOB);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("container nope is not valid for pod lint-main-28910355-5c4qm").hasLineCount(1);
    }
}
