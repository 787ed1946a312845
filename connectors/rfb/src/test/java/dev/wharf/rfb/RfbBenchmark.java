package dev.wharf.rfb;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Decoding speed of full 1280×800 ZRLE frames through the whole client (reader thread, zlib,
 * tiles, framebuffer, listener). The frame mixes every tile kind (gradients as raw tiles, solid
 * areas, stripes, palettes), each update re-compressed by one server-side Deflater as QEMU does.
 *
 * <pre>
 * mvn -B -q -pl connectors/rfb test-compile exec:java \
 *     -Dexec.mainClass=dev.wharf.rfb.RfbBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class RfbBenchmark {

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
            int[] n = {0};
            long[] last = {0};
            long start = System.nanoTime();
            last[0] = start;
            RfbClient.connect(new ByteArrayInputStream(script), OutputStream.nullOutputStream(), RfbOptions.defaults(),
                    new RfbListener() {
                        @Override
                        public void onUpdateEnd() {
                            long now = System.nanoTime();
                            times[n[0]++] = now - last[0];
                            last[0] = now;
                        }

                        @Override
                        public void onEnd(String reason, RfbException error) {
                            done.countDown();
                        }
                    });
            done.await();
            long[] sorted = Arrays.copyOf(times, n[0]);
            Arrays.sort(sorted);
            System.out.printf("run %d: %d frames, median %.2f ms, p90 %.2f ms per full frame%s%n", run + 1, n[0],
                    sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6, run < 2 ? " (warm-up)" : "");
        }
    }
}
