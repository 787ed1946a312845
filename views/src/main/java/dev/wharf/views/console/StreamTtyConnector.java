package dev.wharf.views.console;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * JediTerm's view of our console: output is fed in as bytes (any thread, never blocks) and
 * read by the emulator thread as chars, decoded as UTF-8 across chunk boundaries; input and
 * size changes go out to sinks. It outlives reconnects: the terminal keeps its scrollback.
 */
final class StreamTtyConnector implements TtyConnector {
    private static final byte[] EOF = new byte[0];
    /** Where output was skipped; the reader puts a notice there. */
    private static final byte[] SKIPPED = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    // emulator thread only:
    private ByteBuffer pendingBytes = ByteBuffer.allocate(0);
    private CharBuffer decoded = CharBuffer.allocate(0);
    private volatile boolean closed;
    private volatile Consumer<byte[]> input = b -> { };
    private volatile TerminalWidget.SizeListener resize = (c, r) -> { };
    /** Bytes fed but not yet read; beyond {@link #limit} output is skipped, never the caller blocked. */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    private final long limit;

    StreamTtyConnector() {
        this(32L << 20);
    }

    /** @param limit how many bytes may wait for the emulator before output is skipped */
    StreamTtyConnector(long limit) {
        this.limit = limit;
    }

    void feed(byte[] data) {
        if (closed || data.length == 0) {
            return;
        }
        if (queued.get() + data.length > limit) {
            // the far end outruns the terminal: keep memory bounded, never block the caller
            if (skipped.getAndAdd(data.length) == 0) {
                chunks.add(SKIPPED);
            }
            return;
        }
        queued.addAndGet(data.length);
        chunks.add(data);
    }

    void onInput(Consumer<byte[]> sink) {
        input = sink;
    }

    void onResize(TerminalWidget.SizeListener listener) {
        resize = listener;
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        while (!decoded.hasRemaining()) {
            if (closed) {
                return -1;
            }
            byte[] chunk;
            try {
                chunk = chunks.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            if (chunk == null) {
                continue;
            }
            if (chunk == EOF) {
                return -1;
            }
            if (chunk == SKIPPED) {
                chunk = ("\r\n\u001b[0m[" + skipped.getAndSet(0) + " bytes of output skipped: the terminal could not "
                        + "keep up]\r\n").getBytes(StandardCharsets.UTF_8);
            } else {
                queued.addAndGet(-chunk.length);
            }
            decode(chunk);
        }
        int n = Math.min(length, decoded.remaining());
        decoded.get(buf, offset, n);
        return n;
    }

    private void decode(byte[] chunk) {
        // take whatever else is queued too, so that the emulator works in big steps
        ByteBuffer in = ByteBuffer.allocate(pendingBytes.remaining() + chunk.length + queuedBytes());
        in.put(pendingBytes).put(chunk);
        for (byte[] more = chunks.peek(); more != null && more != EOF && more != SKIPPED && more.length <= in.remaining();
             more = chunks.peek()) {
            in.put(chunks.poll());
            queued.addAndGet(-more.length);
        }
        in.flip();
        CharBuffer out = decoded.capacity() >= in.remaining() ? decoded.clear()
                : CharBuffer.allocate(Math.max(in.remaining(), 8192));
        decoder.decode(in, out, false); // an incomplete sequence at the end stays in `in` for the next chunk
        out.flip();
        decoded = out;
        pendingBytes = in.slice();
    }

    private int queuedBytes() {
        int n = 0;
        for (byte[] b : chunks) {
            if (n > 1 << 20) {
                break;
            }
            n += b.length;
        }
        return n;
    }

    @Override
    public void write(byte[] bytes) {
        if (!closed) {
            input.accept(bytes);
        }
    }

    @Override
    public void write(String string) {
        write(string.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public void resize(TermSize termSize) {
        resize.resized(termSize.getColumns(), termSize.getRows());
    }

    @Override
    public int waitFor() throws InterruptedException {
        while (!closed) {
            Thread.sleep(100);
        }
        return 0;
    }

    @Override
    public boolean ready() {
        return decoded.hasRemaining() || !chunks.isEmpty();
    }

    @Override
    public String getName() {
        return "wharf-console";
    }

    @Override
    public void close() {
        closed = true;
        chunks.add(EOF);
    }
}
