package dev.wharf.rfb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * An InputStream fed by pushes: bridges a callback transport (a websocket, a
 * {@code ConsoleStream.Listener}) to {@link RfbClient#connect}. {@link #push} never blocks; reads
 * block until bytes or the end arrive. Message boundaries do not matter to the reader.
 */
public final class PushInputStream extends InputStream {

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private byte[] current;
    private int pos;
    private boolean ended;
    private IOException error;

    /** Adds bytes (the array is kept, not copied). Ignored after the end. */
    public synchronized void push(byte[] data) {
        if (!ended && data.length > 0) {
            queue.add(data);
            notifyAll();
        }
    }

    /** Marks the end: readers get -1 after the queued bytes, or {@code error} when not null. */
    public synchronized void end(IOException error) {
        if (!ended) {
            ended = true;
            this.error = error;
            notifyAll();
        }
    }

    /** Waits for bytes; false at the end. */
    private boolean fill() throws IOException {
        while (current == null || pos == current.length) {
            current = queue.poll();
            pos = 0;
            if (current != null) {
                continue;
            }
            if (ended) {
                if (error != null) {
                    throw error;
                }
                return false;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for data");
            }
        }
        return true;
    }

    @Override
    public synchronized int read() throws IOException {
        return fill() ? current[pos++] & 0xFF : -1;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        int n = current == null ? 0 : current.length - pos;
        for (byte[] b : queue) {
            n += b.length;
        }
        return n;
    }

    /** Ends the stream (readers see the end). */
    @Override
    public void close() {
        end(null);
    }
}
