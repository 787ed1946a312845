package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;

import javafx.application.Platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * 5 MB of coloured console output through a {@link ConsoleStream} and the
 * {@link ConsoleViewModel} into the JediTermFX terminal; reports the time until the emulator
 * has taken in the last byte (it answers a cursor-position query placed after it) and the heap
 * growth. Run (see views/README.md):
 * <pre>mvn -B -q -pl views test-compile exec:java -Dexec.mainClass=dev.wharf.views.console.ConsoleBenchmark -Dexec.classpathScope=test</pre>
 */
public final class ConsoleBenchmark {
    static final int TOTAL = 5 * 1024 * 1024;
    static final int CHUNK = 4096;

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        headlessUnlessDisplay();
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        byte[] sample = sample();
        System.out.printf(Locale.ROOT, "payload: %.1f MB of ANSI text in %d-byte chunks, %d lines%n",
                sample.length / 1048576.0, CHUNK, count(sample, (byte) '\n'));
        List<Double> times = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Double> heaps = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            double[] r = once(sample);
            String tag = run <= 2 ? "warm-up" : "measured";
            System.out.printf(Locale.ROOT, "run %d (%s): %.2f s wall, %.2f s CPU (all threads; emulator thread %.2f s,"
                    + " JavaFX thread %.2f s), heap +%.1f MB%n", run, tag, r[0], r[2], r[3], r[4], r[1]);
            if (run > 2) {
                times.add(r[0]);
                heaps.add(r[1]);
                cpus.add(r[2]);
            }
        }
        times.sort(Double::compare);
        heaps.sort(Double::compare);
        cpus.sort(Double::compare);
        System.out.printf(Locale.ROOT, "median of 3 warm runs: %.2f s wall (target <= 1.5 s), %.2f s CPU, heap +%.1f MB"
                + " (load average %.1f on %d cores)%n", times.get(1), cpus.get(1), heaps.get(1),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        Platform.exit();
        System.exit(0);
    }

    private static void headlessUnlessDisplay() {
        if (System.getenv("DISPLAY") == null && System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Lines like a booting guest's and a coloured ls: SGR colours, bold, resets, 60–100 columns. */
    static byte[] sample() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TOTAL + 200);
        String[] colours = {"\u001b[32m", "\u001b[1;34m", "\u001b[33m", "\u001b[31m", "\u001b[36m", "\u001b[38;5;208m"};
        for (int i = 0; out.size() < TOTAL; i++) {
            String line = "\u001b[1m[" + String.format(Locale.ROOT, "%8.3f", i / 100.0) + "]\u001b[0m "
                    + colours[i % colours.length] + "[  OK  ]\u001b[0m Started service-" + i
                    + " \u001b[2mfor the console benchmark\u001b[0m " + "drwxr-xr-x root root "
                    + colours[(i + 3) % colours.length] + "dir" + (i % 97) + "\u001b[0m\r\n";
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.copyOf(out.toByteArray(), out.size());
    }

    private static long count(byte[] b, byte c) {
        long n = 0;
        for (byte x : b) {
            if (x == c) {
                n++;
            }
        }
        return n;
    }

    /** @return seconds, heap growth in MB */
    private static double[] once(byte[] sample) throws Exception {
        gc();
        long heapBefore = used();
        CountDownLatch answered = new CountDownLatch(1);
        JediTermWidget terminal = onFx(() -> new JediTermWidget(TextClipboard.system(), 120, 40));
        BenchStream stream = new BenchStream(sample);
        ConsoleViewModel model = new ConsoleViewModel((item, request) -> CompletableFuture.completedFuture(stream),
                Item.builder("bench|vm/bench", "bench", Kind.VM, "bench").build(), ConsoleType.SERIAL,
                new FxCoalescer(), Scheduler.real(Runnable::run), Runnable::run);
        terminal.onInput(b -> {
            if (new String(b, StandardCharsets.UTF_8).endsWith("R")) {
                answered.countDown(); // the answer to the ESC[6n after the last byte
            }
        });
        model.onOutput(terminal::feed);
        model.connect();
        stream.started.await(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        long fx0 = threadCpu("JavaFX Application Thread");
        stream.pump();
        if (!answered.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the terminal did not take in the output within 60 s");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        double fx = (threadCpu("JavaFX Application Thread") - fx0) / 1e9;
        double emulator = threadCpu("TerminalEmulator-") / 1e9;
        gc();
        long heapAfter = used(); // the terminal (with its 10,000 lines of scrollback) is still alive here
        if (terminal.textBuffer().getHistoryLinesCount() != TerminalSettings.SCROLLBACK_LINES) {
            throw new IllegalStateException("scrollback not full: " + terminal.textBuffer().getHistoryLinesCount());
        }
        onFx(() -> {
            model.close();
            terminal.close();
            return null;
        });
        return new double[] {seconds, (heapAfter - heapBefore) / 1048576.0, cpu, emulator, fx};
    }

    /** CPU time of the (first) live thread whose name starts with {@code prefix}. */
    private static long threadCpu(String prefix) {
        var tmx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (long id : tmx.getAllThreadIds()) {
            var info = tmx.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith(prefix)) {
                return tmx.getThreadCpuTime(id);
            }
        }
        return 0;
    }

    /** CPU time of the whole process (emulator, JavaFX repaint, connector, GC). */
    private static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    /** Delivers the sample in chunks from its own thread, as a connector would, then asks for the cursor. */
    private static final class BenchStream implements ConsoleStream {
        private final byte[] sample;
        private volatile Listener listener;
        final CountDownLatch started = new CountDownLatch(1);

        BenchStream(byte[] sample) {
            this.sample = sample;
        }

        @Override
        public String description() {
            return "benchmark";
        }

        @Override
        public void start(Listener l) {
            listener = l;
            started.countDown();
        }

        void pump() {
            Thread t = new Thread(() -> {
                for (int off = 0; off < sample.length; off += CHUNK) {
                    listener.onData(Arrays.copyOfRange(sample, off, Math.min(sample.length, off + CHUNK)));
                }
                listener.onData("\u001b[6n".getBytes(StandardCharsets.US_ASCII));
            }, "bench-connector");
            t.start();
        }

        @Override
        public void write(byte[] data) {
        }

        @Override
        public void close() {
            Listener l = listener;
            if (l != null) {
                l.onEnd(ConsoleEnd.closed());
            }
        }
    }
}
