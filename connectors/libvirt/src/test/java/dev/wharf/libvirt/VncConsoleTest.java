package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link VncConsole} over in-memory streams: writes queue, ends are reported once and right. */
class VncConsoleTest {

    /** An OutputStream that blocks every write until released, then records the bytes. */
    private static final class StuckSocket extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (written) {
                written.write(b, off, len);
            }
        }

        byte[] bytes() {
            synchronized (written) {
                return written.toByteArray();
            }
        }
    }

    private static final class Ends implements ConsoleStream.Listener {
        final CompletableFuture<ConsoleEnd> end = new CompletableFuture<>();
        final AtomicInteger count = new AtomicInteger();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public synchronized void onData(byte[] d) {
            data.writeBytes(d);
        }

        @Override
        public void onEnd(ConsoleEnd e) {
            count.incrementAndGet();
            end.complete(e);
        }
    }

    private static VncConsole console(InputStream in, OutputStream out, AutoCloseable socket, ConsoleEnd onItsOwn) {
        return new VncConsole("VNC display of d1 on h1", "uuid-1", in, out, socket, Optional::empty,
                () -> onItsOwn, c -> { });
    }

    @Test
    void writeReturnsAtOnceWhileTheSocketIsStuckAndSendsInOrderLater() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream server = new PipedOutputStream(in);
        StuckSocket out = new StuckSocket();
        VncConsole c = console(in, out, () -> server.close(), ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "x"));
        Ends ends = new Ends();
        c.start(ends);

        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    c.write(new byte[] {(byte) i, (byte) (i + 1)});
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writes.get(5, TimeUnit.SECONDS); // the caller (an FX thread) never waits for the socket
        assertThat(out.bytes()).isEmpty();

        out.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (out.bytes().length < 200 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        byte[] sent = out.bytes();
        assertThat(sent).hasSize(200);
        for (int i = 0; i < 100; i++) {
            assertThat(sent[2 * i]).isEqualTo((byte) i);
            assertThat(sent[2 * i + 1]).isEqualTo((byte) (i + 1));
        }

        server.write(new byte[] {'R', 'F', 'B'});
        server.flush();
        c.close();
        assertThat(ends.end.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ConsoleEnd.Reason.CLOSED);
        assertThat(ends.count.get()).isEqualTo(1);
        assertThatThrownBy(() -> c.write(new byte[] {1})).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void closeSendsWhatIsStillQueuedThenEnds() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream server = new PipedOutputStream(in);
        StuckSocket out = new StuckSocket();
        VncConsole c = console(in, out, () -> server.close(), ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "x"));
        Ends ends = new Ends();
        c.start(ends);
        c.write(new byte[] {4, 1, 0, 0, 0, 0, 0, 0x78}); // the last key typed before the command exits
        c.write(new byte[] {4, 0, 0, 0, 0, 0, 0, 0x78});
        c.close();
        assertThatThrownBy(() -> c.write(new byte[] {1})).isInstanceOf(IOException.class);
        Thread.sleep(200);
        assertThat(ends.end).as("not ended while bytes wait").isNotDone();
        out.release.countDown();
        assertThat(ends.end.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ConsoleEnd.Reason.CLOSED);
        assertThat(out.bytes()).hasSize(16);
        assertThat(ends.count.get()).isEqualTo(1);
    }

    @Test
    void aStreamThatEndsOnItsOwnAsksWhy() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream server = new PipedOutputStream(in);
        ConsoleEnd why = LibvirtConsoles.stillRunning("d1", dev.wharf.inventory.ConsoleType.VNC);
        VncConsole c = console(in, OutputStream.nullOutputStream(), () -> { }, why);
        Ends ends = new Ends();
        c.start(ends);
        server.write(new byte[] {'R', 'F', 'B', ' '});
        server.close();
        ConsoleEnd end = ends.end.get(5, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.TAKEN_OVER);
        assertThat(end.message()).startsWith("the VNC display of d1 closed this connection while d1 runs")
                .doesNotContain("serial");
        assertThat(ends.data.toByteArray()).containsExactly('R', 'F', 'B', ' ');
    }

    @Test
    void aFailedWriteEndsTheConsoleWithWhatFailed() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream server = new PipedOutputStream(in);
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        VncConsole c = console(in, broken, () -> server.close(), ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "wrong"));
        Ends ends = new Ends();
        c.start(ends);
        c.write(new byte[] {3, 0, 0});
        ConsoleEnd end = ends.end.get(5, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.ERROR);
        assertThat(end.message()).isEqualTo("sending to the VNC display of d1 on h1 failed: Broken pipe");
    }

    @Test
    void aDisplayThatStopsReadingEndsTheConsoleInsteadOfFillingMemory() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream server = new PipedOutputStream(in);
        StuckSocket out = new StuckSocket();
        VncConsole c = console(in, out, () -> server.close(), ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "x"));
        Ends ends = new Ends();
        c.start(ends);
        byte[] mib = new byte[1024 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                c.write(mib);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("stopped reading");
        ConsoleEnd end = ends.end.get(5, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ConsoleEnd.Reason.ERROR);
        assertThat(end.message()).contains("stopped reading: more than 16 MiB");
        out.release.countDown();
    }
}
