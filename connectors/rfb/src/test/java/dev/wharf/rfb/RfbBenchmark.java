package dev.wharf.rfb;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Decoding speed of full 1280×800 ZRLE frames through the whole client (reader thread, zlib,
 * tiles, framebuffer, listener), as wall time between complete updates and as the CPU time of the
 * client's reader thread (the wall time on a loaded machine is mostly waiting for a core). The frame mixes every tile kind (gradients as raw tiles, solid
 * areas, stripes, palettes), each update re-compressed by one server-side Deflater as QEMU does.
 *
 * <pre>
 * mvn -B -q -pl connectors/rfb test-compile exec:java \
 *     -Dexec.mainClass=dev.wharf.rfb.RfbBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class RfbBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RfbBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int w = 1280;
        int h = 800;
        int frames = 60;
        int[] img = Patterns.image(w, h, 64);
        FakeServer s = new FakeServer().hello(w, h, "bench");
        int compressed = 0;
        for (int i = 0; i < frames; i++) {
            int before = s.toByteArray().length;
            s.update(1).zrleRect(img, w, 0, 0, w, h);
            compressed = s.toByteArray().length - before;
        }
        byte[] script = s.toByteArray();
        System.out.printf("ZRLE %dx%d frame: %d KiB on the wire (last one), %d frames per run%n",
                w, h, compressed / 1024, frames);
        for (int run = 0; run < 6; run++) {
            CountDownLatch done = new CountDownLatch(1);
            long[] times = new long[frames];
            long[] cpu = new long[frames];
            int[] n = {0};
            long[] last = {0};
            long[] lastCpu = {-1};
            long start = System.nanoTime();
            last[0] = start;
            RfbClient.connect(new ByteArrayInputStream(script), OutputStream.nullOutputStream(), RfbOptions.defaults(),
                    new RfbListener() {
                        @Override
                        public void onUpdateEnd() {
                            long now = System.nanoTime();
                            long nowCpu = THREADS.getCurrentThreadCpuTime(); // the client's reader thread
                            cpu[n[0]] = lastCpu[0] < 0 ? 0 : nowCpu - lastCpu[0];
                            times[n[0]++] = now - last[0];
                            last[0] = now;
                            lastCpu[0] = nowCpu;
                        }

                        @Override
                        public void onEnd(String reason, RfbException error) {
                            if (error != null) {
                                System.out.println("ended: " + reason);
                            }
                            done.countDown();
                        }
                    });
            done.await();
            long[] sorted = Arrays.copyOf(times, n[0]);
            Arrays.sort(sorted);
            long[] cpuSorted = Arrays.copyOfRange(cpu, 1, n[0]); // the first has no start
            Arrays.sort(cpuSorted);
            System.out.printf("run %d: %d frames, wall median %.2f ms, p90 %.2f ms; reader thread CPU median %.2f ms,"
                            + " p90 %.2f ms per full frame%s%n", run + 1, n[0],
                    sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6,
                    cpuSorted[cpuSorted.length / 2] / 1e6, cpuSorted[cpuSorted.length * 9 / 10] / 1e6,
                    run < 2 ? " (warm-up)" : "");
        }
    }
}
