package dev.wharf.lab;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The server side of one RFB connection, as small as the lab needs: RFB 3.3/3.7/3.8, security
 * None, any true-colour pixel format the client sets (8/16/32 bpp), Raw rectangles, the QEMU
 * Extended Key Event and Pointer Type Change pseudo-encodings (a relative mouse, as an amd64 VMI
 * without a tablet has). Bytes come in chunks cut anywhere ({@link #receive}); what it answers
 * goes to {@code out} in pieces of at most 10 KiB, as virt-handler's websocket messages.
 * Not thread-safe: the caller serializes.
 */
final class RfbServerSession {
    static final int CHUNK = 10 * 1024;
    private static final int EXT_KEY = -258;
    private static final int POINTER_TYPE = -257;

    /** What the screen must do for this session. */
    interface Screen {
        int width();

        int height();

        /** The screen's pixels as 0xRRGGBB ints, row by row (a copy or an unchanging array). */
        int[] pixels();

        String name();

        /** A key went down (keysym, and the XT scancode when the client sent one, else 0). */
        void key(int keysym, int scancode);
    }

    private enum Stage { VERSION, SECURITY, INIT, NORMAL, CLOSED }

    private final Screen screen;
    private final Consumer<byte[]> out;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private Stage stage = Stage.VERSION;
    private int minor = 8;
    private int bpp = 32;
    private boolean bigEndian;
    private int rMax = 255;
    private int gMax = 255;
    private int bMax = 255;
    private int rShift = 16;
    private int gShift = 8;
    private int bShift;
    private final Set<Integer> encodings = new HashSet<>();
    private boolean pseudoSent;
    private boolean pendingRequest;
    private boolean dirty = true;

    RfbServerSession(Screen screen, Consumer<byte[]> out) {
        this.screen = screen;
        this.out = out;
        send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    }

    boolean closed() {
        return stage == Stage.CLOSED;
    }

    /** The screen changed: the next (or a waiting) update request gets it. */
    void screenChanged() {
        dirty = true;
        if (pendingRequest) {
            pendingRequest = false;
            sendUpdate();
        }
    }

    /** Bytes from the client, in any chunking. Throws IllegalStateException on a malformed stream. */
    void receive(byte[] bytes) {
        in.write(bytes, 0, bytes.length);
        byte[] all = in.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(all);
        while (stage != Stage.CLOSED) {
            int start = b.position();
            if (!step(b)) {
                b.position(start);
                break;
            }
        }
        in.reset();
        in.write(all, b.position(), all.length - b.position());
    }

    /** One client message if it is all there; false when more bytes are needed. */
    private boolean step(ByteBuffer b) {
        switch (stage) {
            case VERSION -> {
                if (b.remaining() < 12) {
                    return false;
                }
                byte[] v = new byte[12];
                b.get(v);
                String version = new String(v, StandardCharsets.US_ASCII);
                if (!version.startsWith("RFB 003.")) {
                    throw new IllegalStateException("not an RFB client: " + version.strip());
                }
                minor = Math.min(8, Integer.parseInt(version.substring(8, 11)));
                if (minor < 7) {
                    send(new byte[] {0, 0, 0, 1}); // 3.3: the server picks None
                    stage = Stage.INIT;
                } else {
                    send(new byte[] {1, 1}); // one type: None
                    stage = Stage.SECURITY;
                }
                return true;
            }
            case SECURITY -> {
                if (b.remaining() < 1) {
                    return false;
                }
                if (b.get() != 1) {
                    throw new IllegalStateException("the client chose a security type the lab does not offer");
                }
                if (minor >= 8) {
                    send(new byte[] {0, 0, 0, 0});
                }
                stage = Stage.INIT;
                return true;
            }
            case INIT -> {
                if (b.remaining() < 1) {
                    return false;
                }
                b.get(); // shared flag: one viewer anyway
                byte[] name = screen.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer init = ByteBuffer.allocate(24 + name.length);
                init.putShort((short) screen.width()).putShort((short) screen.height());
                init.put((byte) 32).put((byte) 24).put((byte) 0).put((byte) 1);
                init.putShort((short) 255).putShort((short) 255).putShort((short) 255);
                init.put((byte) 16).put((byte) 8).put((byte) 0).put(new byte[3]);
                init.putInt(name.length).put(name);
                send(init.array());
                stage = Stage.NORMAL;
                return true;
            }
            case NORMAL -> {
                return message(b);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean message(ByteBuffer b) {
        if (b.remaining() < 1) {
            return false;
        }
        int type = b.get(b.position()) & 0xff;
        switch (type) {
            case 0 -> { // SetPixelFormat
                if (b.remaining() < 20) {
                    return false;
                }
                b.position(b.position() + 4);
                bpp = b.get() & 0xff;
                b.get(); // depth
                bigEndian = b.get() != 0;
                boolean trueColour = b.get() != 0;
                rMax = b.getShort() & 0xffff;
                gMax = b.getShort() & 0xffff;
                bMax = b.getShort() & 0xffff;
                rShift = b.get() & 0xff;
                gShift = b.get() & 0xff;
                bShift = b.get() & 0xff;
                b.position(b.position() + 3);
                if (!trueColour || (bpp != 8 && bpp != 16 && bpp != 32)) {
                    throw new IllegalStateException("the lab serves true colour at 8, 16 or 32 bpp only");
                }
                dirty = true;
            }
            case 2 -> { // SetEncodings
                if (b.remaining() < 4) {
                    return false;
                }
                int n = b.getShort(b.position() + 2) & 0xffff;
                if (b.remaining() < 4 + 4 * n) {
                    return false;
                }
                b.position(b.position() + 4);
                encodings.clear();
                for (int i = 0; i < n; i++) {
                    encodings.add(b.getInt());
                }
                pseudoSent = false;
            }
            case 3 -> { // FramebufferUpdateRequest
                if (b.remaining() < 10) {
                    return false;
                }
                boolean incremental = b.get(b.position() + 1) != 0;
                b.position(b.position() + 10);
                if (!incremental) {
                    dirty = true;
                }
                if (dirty || !pseudoSent) {
                    sendUpdate();
                } else {
                    pendingRequest = true;
                }
            }
            case 4 -> { // KeyEvent
                if (b.remaining() < 8) {
                    return false;
                }
                boolean down = b.get(b.position() + 1) != 0;
                int keysym = b.getInt(b.position() + 4);
                b.position(b.position() + 8);
                if (down) {
                    screen.key(keysym, 0);
                }
            }
            case 5 -> { // PointerEvent
                if (b.remaining() < 6) {
                    return false;
                }
                b.position(b.position() + 6);
            }
            case 6 -> { // ClientCutText
                if (b.remaining() < 8) {
                    return false;
                }
                long len = b.getInt(b.position() + 4) & 0xffffffffL;
                if (len > 1 << 20) {
                    throw new IllegalStateException("clipboard text of " + len + " bytes");
                }
                if (b.remaining() < 8 + len) {
                    return false;
                }
                b.position(b.position() + 8 + (int) len);
            }
            case 255 -> { // QEMU
                if (b.remaining() < 2) {
                    return false;
                }
                int sub = b.get(b.position() + 1) & 0xff;
                if (sub != 0) {
                    throw new IllegalStateException("QEMU client message " + sub + " is not served by the lab");
                }
                if (b.remaining() < 12) {
                    return false;
                }
                boolean down = b.getShort(b.position() + 2) != 0;
                int keysym = b.getInt(b.position() + 4);
                int scancode = b.getInt(b.position() + 8);
                b.position(b.position() + 12);
                if (down) {
                    screen.key(keysym, scancode);
                }
            }
            default -> throw new IllegalStateException("unknown client message type " + type);
        }
        return true;
    }

    private void sendUpdate() {
        boolean extKey = !pseudoSent && encodings.contains(EXT_KEY);
        boolean pointer = !pseudoSent && encodings.contains(POINTER_TYPE);
        int rects = (dirty ? 1 : 0) + (extKey ? 1 : 0) + (pointer ? 1 : 0);
        if (rects == 0) {
            pendingRequest = true;
            return;
        }
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.write(0);
        msg.write(0);
        msg.write(rects >> 8);
        msg.write(rects);
        if (extKey) {
            header(msg, 0, 0, 0, 0, EXT_KEY);
        }
        if (pointer) {
            header(msg, 0, 0, 0, 0, POINTER_TYPE); // x = 0: relative (no tablet)
        }
        pseudoSent = true;
        if (dirty) {
            int w = screen.width();
            int h = screen.height();
            header(msg, 0, 0, w, h, 0);
            int[] px = screen.pixels();
            int bytes = bpp / 8;
            byte[] raw = new byte[w * h * bytes];
            int o = 0;
            for (int rgb : px) {
                int v = (((rgb >> 16) & 0xff) * rMax / 255) << rShift
                        | (((rgb >> 8) & 0xff) * gMax / 255) << gShift
                        | ((rgb & 0xff) * bMax / 255) << bShift;
                for (int i = 0; i < bytes; i++) {
                    int shift = bigEndian ? 8 * (bytes - 1 - i) : 8 * i;
                    raw[o++] = (byte) (v >>> shift);
                }
            }
            msg.write(raw, 0, raw.length);
            dirty = false;
        }
        send(msg.toByteArray());
    }

    private static void header(ByteArrayOutputStream m, int x, int y, int w, int h, int encoding) {
        for (int v : new int[] {x, y, w, h}) {
            m.write(v >> 8);
            m.write(v);
        }
        m.write(encoding >> 24);
        m.write(encoding >> 16);
        m.write(encoding >> 8);
        m.write(encoding);
    }

    private void send(byte[] data) {
        for (int off = 0; off < data.length; off += CHUNK) {
            int n = Math.min(CHUNK, data.length - off);
            byte[] piece = new byte[n];
            System.arraycopy(data, off, piece, 0, n);
            out.accept(piece);
        }
    }

    void close() {
        stage = Stage.CLOSED;
    }
}
