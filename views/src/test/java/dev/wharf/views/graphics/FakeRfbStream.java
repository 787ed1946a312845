package dev.wharf.views.graphics;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A graphical console whose far end is a tiny RFB 3.8 server (security None, 32 bpp, Raw only):
 * the test queues rectangles ({@link #rect}); each goes out as one FramebufferUpdate when the
 * client has asked for one. What the client sends back is parsed: key events are recorded.
 * Output to the client is cut into 7-byte pieces, as a websocket would cut it anywhere.
 */
final class FakeRfbStream implements ConsoleStream {
    /** A key event the client sent: the XT scancode (0 for a plain KeyEvent), the keysym, down or up. */
    record KeyEvent(int scancode, int keysym, boolean down) {
    }

    private final int width;
    private final int height;
    private final boolean relativeMouse;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private final Deque<byte[]> queued = new ArrayDeque<>();
    final List<KeyEvent> keys = new CopyOnWriteArrayList<>();
    /** Pointer events the client sent. */
    final java.util.concurrent.atomic.AtomicInteger pointers = new java.util.concurrent.atomic.AtomicInteger();
    /** FramebufferUpdateRequests the client sent (a view-only client still asks for frames). */
    final java.util.concurrent.atomic.AtomicInteger updateRequests = new java.util.concurrent.atomic.AtomicInteger();
    private Listener listener;
    private int stage;
    private int requests;
    private boolean pseudoSent;
    private boolean closed;
    /** Output piece size: 7 bytes by default (cut anywhere); the benchmark sends virt-handler's 10 KiB. */
    volatile int chunk = 7;

    FakeRfbStream(int width, int height, boolean relativeMouse) {
        this.width = width;
        this.height = height;
        this.relativeMouse = relativeMouse;
    }

    @Override
    public String description() {
        return "graphical console of a fake RFB server";
    }

    @Override
    public synchronized void start(Listener l) {
        listener = l;
        send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends a Raw rectangle of one colour (0xRRGGBB) once the client asks for an update. */
    synchronized void rect(int x, int y, int w, int h, int rgb) {
        ByteBuffer b = ByteBuffer.allocate(12 + w * h * 4);
        b.putShort((short) x).putShort((short) y).putShort((short) w).putShort((short) h).putInt(0);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w * h; i++) {
            b.putInt(rgb);
        }
        queued.add(b.array());
        flush();
    }

    synchronized int queuedRects() {
        return queued.size();
    }

    @Override
    public synchronized void write(byte[] data) {
        in.write(data, 0, data.length);
        ByteBuffer b = ByteBuffer.wrap(in.toByteArray());
        while (true) {
            int start = b.position();
            if (!step(b)) {
                b.position(start);
                break;
            }
        }
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        in.reset();
        in.write(rest, 0, rest.length);
    }

    private boolean step(ByteBuffer b) {
        switch (stage) {
            case 0 -> { // version
                if (b.remaining() < 12) {
                    return false;
                }
                b.position(b.position() + 12);
                send(new byte[] {1, 1});
                stage = 1;
            }
            case 1 -> { // security type
                if (b.remaining() < 1) {
                    return false;
                }
                b.get();
                send(new byte[] {0, 0, 0, 0});
                stage = 2;
            }
            case 2 -> { // ClientInit
                if (b.remaining() < 1) {
                    return false;
                }
                b.get();
                byte[] name = "fake".getBytes(StandardCharsets.US_ASCII);
                ByteBuffer init = ByteBuffer.allocate(24 + name.length);
                init.putShort((short) width).putShort((short) height);
                init.put(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
                init.putInt(name.length).put(name);
                send(init.array());
                stage = 3;
            }
            default -> {
                if (b.remaining() < 1) {
                    return false;
                }
                int type = b.get(b.position()) & 0xff;
                int need = switch (type) {
                    case 0 -> 20;
                    case 2 -> b.remaining() < 4 ? Integer.MAX_VALUE : 4 + 4 * (b.getShort(b.position() + 2) & 0xffff);
                    case 3 -> 10;
                    case 4 -> 8;
                    case 5 -> 6;
                    case 255 -> 12;
                    default -> throw new IllegalStateException("unexpected client message " + type);
                };
                if (b.remaining() < need) {
                    return false;
                }
                int p = b.position();
                if (type == 4) {
                    keys.add(new KeyEvent(0, b.getInt(p + 4), b.get(p + 1) != 0));
                } else if (type == 255) {
                    keys.add(new KeyEvent(b.getInt(p + 8), b.getInt(p + 4), b.getShort(p + 2) != 0));
                } else if (type == 5) {
                    pointers.incrementAndGet();
                } else if (type == 3) {
                    updateRequests.incrementAndGet();
                    requests++;
                    flush();
                }
                b.position(p + need);
            }
        }
        return true;
    }

    /** One update with everything queued, if the client waits for one. */
    private void flush() {
        if (requests == 0 || listener == null || (queued.isEmpty() && pseudoSent)) {
            return;
        }
        requests--;
        List<byte[]> rects = new ArrayList<>(queued);
        queued.clear();
        boolean first = !pseudoSent;
        boolean pointer = relativeMouse && first;
        pseudoSent = true;
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        int n = rects.size() + (pointer ? 1 : 0) + (first ? 1 : 0);
        msg.write(0);
        msg.write(0);
        msg.write(n >> 8);
        msg.write(n);
        if (first) { // QEMU Extended Key Event: the client may send scancodes
            msg.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xfe, (byte) 0xfe});
        }
        if (pointer) {
            msg.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xfe, (byte) 0xff});
        }
        rects.forEach(msg::writeBytes);
        send(msg.toByteArray());
    }

    private void send(byte[] data) {
        int step = chunk;
        for (int off = 0; off < data.length; off += step) {
            byte[] piece = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + step));
            listener.onData(piece);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (listener != null) {
                listener.onEnd(ConsoleEnd.closed());
            }
        }
    }

    /** The far end hangs up. */
    synchronized void drop() {
        if (!closed) {
            closed = true;
            listener.onEnd(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the fake server went away"));
        }
    }
}
