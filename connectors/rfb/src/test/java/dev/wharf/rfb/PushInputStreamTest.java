package dev.wharf.rfb;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushInputStreamTest {

    @Test
    void readsAcrossPushBoundariesInOrder() throws IOException {
        PushInputStream in = new PushInputStream();
        in.push(new byte[] {1, 2, 3});
        in.push(new byte[0]);
        in.push(new byte[] {4});
        in.push(new byte[] {5, 6, 7, 8, 9});
        assertThat(in.available()).isEqualTo(9);
        assertThat(in.read()).isEqualTo(1);
        byte[] b = new byte[4];
        new DataInputStream(in).readFully(b); // spans three pushes
        assertThat(b).containsExactly(2, 3, 4, 5);
        assertThat(in.available()).isEqualTo(4);
        byte[] rest = new byte[10];
        assertThat(in.read(rest, 1, 10 - 1)).as("one read returns what one push holds").isEqualTo(4);
        assertThat(rest).startsWith(0, 6, 7, 8, 9);
        assertThat(in.read(rest, 0, 0)).isZero();
    }

    @Test
    void aReaderWaitsForThePushThatFollows() throws Exception {
        PushInputStream in = new PushInputStream();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        assertThat(read).as("nothing pushed yet").isNotDone();
        in.push(new byte[] {(byte) 0xFE});
        assertThat(read.get(5, TimeUnit.SECONDS)).as("unsigned").isEqualTo(0xFE);
    }

    @Test
    void theEndComesAfterTheQueuedBytesAndLaterPushesAreIgnored() throws IOException {
        PushInputStream in = new PushInputStream();
        in.push(new byte[] {7, 8});
        in.end(null);
        in.push(new byte[] {9});
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read(new byte[4], 0, 4)).isEqualTo(1);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
    }

    @Test
    void anEndWithAnErrorThrowsItAfterTheQueuedBytes() throws IOException {
        PushInputStream in = new PushInputStream();
        in.push(new byte[] {1});
        in.end(new IOException("the websocket closed: 1011"));
        in.end(null); // the first end wins
        assertThat(in.read()).isEqualTo(1);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("the websocket closed: 1011");
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        PushInputStream in = new PushInputStream();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read(new byte[8], 0, 8);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        in.close();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void anInterruptedReaderGetsAnInterruptedIoException() throws Exception {
        PushInputStream in = new PushInputStream();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                in.read();
            } catch (IOException e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(100);
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
    }
}
