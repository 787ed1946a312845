package dev.wharf.rfb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An RFB session: the connection's state machine (handshake, then the message loop) in one place;
 * rectangles go to one decoder per encoding.
 *
 * <p>Threads: {@link #connect} runs the handshake on the caller's thread and then reads on a daemon
 * thread of its own, which calls the {@link RfbListener}. The input methods ({@link #keyEvent},
 * {@link #pointer}…) may be called from any thread. One incremental update request is outstanding
 * at a time: the next is sent when an update is complete.
 */
public final class RfbClient implements AutoCloseable {

    /** Longest desktop name, reason string or clipboard text accepted from a server. */
    static final int MAX_TEXT = 1024 * 1024;
    /** Largest cursor side accepted. */
    static final int MAX_CURSOR = 1024;

    private final DataInputStream in;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final DataOutputStream out;
    private final RfbListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closing;

    private Framebuffer fb;
    private String name = "";
    private int minor;
    private volatile boolean extendedKeys;
    private volatile boolean absolutePointer;

    private final RawDecoder raw = new RawDecoder();
    private final CopyRectDecoder copyRect = new CopyRectDecoder();
    private final HextileDecoder hextile = new HextileDecoder();
    private final ZrleDecoder zrle = new ZrleDecoder();

    private RfbClient(InputStream in, OutputStream out, RfbListener listener) {
        this.rawIn = in;
        this.rawOut = out;
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.out = new DataOutputStream(out);
        this.listener = listener;
    }

    /**
     * Runs the handshake (version, security, ClientInit/ServerInit, pixel format, encodings) on the
     * calling thread, then reads the server's messages on a daemon thread of its own, asking for one
     * incremental update at a time. {@link RfbListener#onEnd} is called only for a session that
     * {@code connect} returned.
     *
     * @throws RfbException when the handshake fails: wrong password, unsupported security, a refusal,
     *                      a malformed stream (the streams are closed then)
     */
    public static RfbClient connect(InputStream in, OutputStream out, RfbOptions options, RfbListener listener)
            throws RfbException {
        RfbClient c = new RfbClient(in, out, listener == null ? new RfbListener() { } : listener);
        try {
            c.handshake(options);
        } catch (RfbException e) {
            c.closeStreams();
            throw e;
        } catch (EOFException e) {
            c.closeStreams();
            throw new RfbException(RfbException.Kind.CONNECTION,
                    "the VNC server closed the connection during the handshake", e);
        } catch (IOException e) {
            c.closeStreams();
            throw new RfbException(RfbException.Kind.CONNECTION, "the VNC connection failed: " + e.getMessage(), e);
        }
        Thread t = new Thread(c::readLoop, "rfb-" + c.name);
        t.setDaemon(true);
        t.start();
        return c;
    }

    // ---- handshake --------------------------------------------------------------------------

    private void handshake(RfbOptions options) throws IOException {
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw new RfbException(RfbException.Kind.PROTOCOL,
                    "this is not a VNC server (it greeted with \"" + v.strip() + "\")");
        }
        int major = Integer.parseInt(v.substring(4, 7));
        int serverMinor = Integer.parseInt(v.substring(8, 11));
        if (major < 3 || (major == 3 && serverMinor < 3)) {
            throw new RfbException(RfbException.Kind.PROTOCOL, "the VNC server speaks RFB " + major + "." + serverMinor
                    + ", older than 3.3");
        }
        minor = major > 3 || serverMinor >= 8 ? 8 : serverMinor == 7 ? 7 : 3;
        write(("RFB 003.00" + minor + "\n").getBytes(StandardCharsets.US_ASCII));

        security(options);

        write(new byte[] {(byte) (options.shared() ? 1 : 0)});
        int w = in.readUnsignedShort();
        int h = in.readUnsignedShort();
        in.readFully(new byte[16]); // the server's pixel format: we set our own below
        name = new String(readText("desktop name"), StandardCharsets.UTF_8);
        fb = new Framebuffer(w, h);

        sendSetPixelFormat();
        sendSetEncodings(options.encodings());
        sendUpdateRequest(false);
        listener.onInit(w, h, name);
    }

    private void security(RfbOptions options) throws IOException {
        int type;
        if (minor == 3) {
            type = in.readInt();
            if (type == 0) {
                throw refused(new String(readText("reason"), StandardCharsets.UTF_8));
            }
            if (type != 1 && type != 2) {
                throw unsupported(List.of(type));
            }
        } else {
            int n = in.readUnsignedByte();
            if (n == 0) {
                throw refused(new String(readText("reason"), StandardCharsets.UTF_8));
            }
            byte[] types = new byte[n];
            in.readFully(types);
            type = -1;
            for (byte t : types) {
                if (t == 1) {
                    type = 1;
                } else if (t == 2 && type != 1) {
                    type = 2;
                }
            }
            if (type < 0) {
                Integer[] all = new Integer[n];
                for (int i = 0; i < n; i++) {
                    all[i] = types[i] & 0xFF;
                }
                throw unsupported(List.of(all));
            }
            write(new byte[] {(byte) type});
        }
        if (type == 2) {
            byte[] challenge = new byte[16];
            in.readFully(challenge);
            char[] password = options.password().get();
            if (password == null) {
                throw new RfbException(RfbException.Kind.AUTH_FAILED,
                        "the VNC display asks for a password and none was given");
            }
            try {
                write(VncAuth.response(challenge, password));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (type == 2 || minor == 8) {
            int result = in.readInt();
            if (result != 0) {
                String reason = minor == 8 ? new String(readText("reason"), StandardCharsets.UTF_8) : "";
                if (type == 2) {
                    throw new RfbException(RfbException.Kind.AUTH_FAILED, "the VNC password was refused"
                            + (reason.isBlank() ? "" : " (" + reason + ")") + ": check the display's password");
                }
                throw refused(reason.isBlank() ? "security handshake failed" : reason);
            }
        }
    }

    private static RfbException refused(String reason) {
        return new RfbException(RfbException.Kind.REFUSED, "the VNC server refused the connection: " + reason);
    }

    private static RfbException unsupported(List<Integer> types) {
        StringBuilder names = new StringBuilder();
        for (int t : types) {
            names.append(names.length() == 0 ? "" : ", ").append(securityName(t));
        }
        return new RfbException(RfbException.Kind.UNSUPPORTED_SECURITY, "the VNC server requires " + names
                + ", which Wharf does not support (it speaks no authentication and VNC password authentication);"
                + " configure the display without TLS/SASL, or reach it through the host (libvirt's local or SSH transport)");
    }

    static String securityName(int t) {
        return switch (t) {
            case 5, 6 -> "RA2 (" + t + ")";
            case 16 -> "Tight security (16)";
            case 17 -> "Ultra (17)";
            case 18 -> "TLS (18)";
            case 19 -> "VeNCrypt (19)";
            case 20 -> "SASL (20)";
            case 22 -> "xvp (22)";
            case 30 -> "Apple Remote Desktop (30)";
            case 113 -> "MS-Logon II (113)";
            default -> "security type " + t;
        };
    }

    private byte[] readText(String what) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_TEXT) {
            throw Decoder.malformed("a " + what + " of " + Integer.toUnsignedString(len) + " bytes");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    // ---- messages from the server -------------------------------------------------------------

    private void readLoop() {
        RfbException error = null;
        String reason = "closed";
        try {
            while (true) {
                int type = in.read();
                if (type < 0) {
                    reason = "the VNC server closed the connection";
                    break;
                }
                message(type);
            }
        } catch (RfbException e) {
            error = e;
            reason = e.getMessage();
        } catch (EOFException e) {
            error = new RfbException(RfbException.Kind.CONNECTION, "the VNC connection ended in the middle of a message", e);
            reason = error.getMessage();
        } catch (IOException e) {
            error = new RfbException(RfbException.Kind.CONNECTION, "the VNC connection failed: " + e.getMessage(), e);
            reason = error.getMessage();
        } catch (RuntimeException e) {
            error = new RfbException(RfbException.Kind.PROTOCOL, "the viewer failed: " + e, e);
            reason = error.getMessage();
        }
        if (closing) {
            error = null;
            reason = "closed";
        }
        end(reason, error);
    }

    private void message(int type) throws IOException {
        switch (type) {
            case 0 -> framebufferUpdate();
            case 1 -> { // SetColourMapEntries: we use true colour; skip
                in.readUnsignedByte();
                in.readUnsignedShort();
                int n = in.readUnsignedShort();
                in.skipNBytes(6L * n);
            }
            case 2 -> listener.onBell();
            case 3 -> {
                in.readFully(new byte[3]);
                listener.onClipboard(new String(readText("clipboard text"), StandardCharsets.ISO_8859_1));
            }
            case 150 -> { } // EndOfContinuousUpdates (no data)
            default -> throw new RfbException(RfbException.Kind.PROTOCOL,
                    "the VNC server sent an unknown message (type " + type + ")");
        }
    }

    private void framebufferUpdate() throws IOException {
        in.readUnsignedByte();
        int rects = in.readUnsignedShort();
        for (int i = 0; i < rects; i++) {
            int x = in.readUnsignedShort();
            int y = in.readUnsignedShort();
            int w = in.readUnsignedShort();
            int h = in.readUnsignedShort();
            int encoding = in.readInt();
            rectangle(x, y, w, h, encoding);
        }
        listener.onUpdateEnd();
        sendUpdateRequest(true);
    }

    private void rectangle(int x, int y, int w, int h, int encoding) throws IOException {
        Decoder d = switch (encoding) {
            case Encodings.RAW -> raw;
            case Encodings.COPY_RECT -> copyRect;
            case Encodings.HEXTILE -> hextile;
            case Encodings.ZRLE -> zrle;
            default -> null;
        };
        if (d != null) {
            if (!fb.contains(x, y, w, h)) {
                throw Decoder.malformed("a " + Encodings.name(encoding) + " rectangle " + w + "×" + h + "+" + x + "+" + y
                        + " outside the " + fb.width() + "×" + fb.height() + " desktop");
            }
            d.decode(in, fb, x, y, w, h);
            if (w > 0 && h > 0) {
                listener.onDamage(new Rect(x, y, w, h));
            }
            return;
        }
        switch (encoding) {
            case Encodings.DESKTOP_SIZE -> resize(w, h);
            case Encodings.EXTENDED_DESKTOP_SIZE -> {
                int screens = in.readUnsignedByte();
                in.readFully(new byte[3]);
                in.skipNBytes(16L * screens);
                if (y == 0) { // status: our (never sent) layout request failed otherwise
                    resize(w, h);
                }
            }
            case Encodings.CURSOR -> cursor(x, y, w, h);
            case Encodings.QEMU_EXTENDED_KEY_EVENT -> extendedKeys = true;
            case Encodings.QEMU_POINTER_TYPE_CHANGE -> {
                absolutePointer = x != 0;
                listener.onPointerType(absolutePointer);
            }
            case Encodings.QEMU_LED_STATE -> {
                int leds = in.readUnsignedByte();
                listener.onLeds((leds & 1) != 0, (leds & 2) != 0, (leds & 4) != 0);
            }
            default -> throw new RfbException(RfbException.Kind.PROTOCOL,
                    "the VNC server sent a rectangle in " + Encodings.name(encoding) + ", which was not asked for");
        }
    }

    private void resize(int w, int h) throws IOException {
        if (w == fb.width() && h == fb.height()) {
            return;
        }
        fb.resize(w, h);
        listener.onResize(w, h);
    }

    private void cursor(int hotX, int hotY, int w, int h) throws IOException {
        if (w > MAX_CURSOR || h > MAX_CURSOR) {
            throw Decoder.malformed("a " + w + "×" + h + " cursor (at most " + MAX_CURSOR + " per side)");
        }
        byte[] pixels = new byte[w * h * 4];
        in.readFully(pixels);
        int stride = (w + 7) / 8;
        byte[] mask = new byte[stride * h];
        in.readFully(mask);
        int[] argb = new int[w * h];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                boolean visible = (mask[row * stride + col / 8] & (0x80 >> (col % 8))) != 0;
                int p = Decoder.pixel(pixels, (row * w + col) * 4);
                argb[row * w + col] = visible ? p : p & 0x00FFFFFF;
            }
        }
        listener.onCursor(new Cursor(w, h, Math.min(hotX, Math.max(0, w - 1)), Math.min(hotY, Math.max(0, h - 1)), argb));
    }

    // ---- messages to the server ---------------------------------------------------------------

    private void write(byte[] b) throws IOException {
        synchronized (out) {
            out.write(b);
            out.flush();
        }
    }

    private void sendSetPixelFormat() throws IOException {
        write(new byte[] {0, 0, 0, 0,
            32, 24, 0, 1, // bpp, depth, big-endian no, true colour yes
            0, (byte) 255, 0, (byte) 255, 0, (byte) 255, // red/green/blue max
            16, 8, 0, // shifts
            0, 0, 0});
    }

    private void sendSetEncodings(List<Integer> encodings) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(2);
        d.writeByte(0);
        d.writeShort(encodings.size());
        for (int e : encodings) {
            d.writeInt(e);
        }
        write(b.toByteArray());
    }

    private void sendUpdateRequest(boolean incremental) throws IOException {
        int w;
        int h;
        synchronized (fb) {
            w = fb.width();
            h = fb.height();
        }
        write(new byte[] {3, (byte) (incremental ? 1 : 0), 0, 0, 0, 0,
            (byte) (w >> 8), (byte) w, (byte) (h >> 8), (byte) h});
    }

    /** The desktop's pixels. */
    public Framebuffer framebuffer() {
        return fb;
    }

    /** The desktop's name from ServerInit. */
    public String name() {
        return name;
    }

    /** The protocol version in use: 3, 7 or 8 (as in RFB 3.x). */
    public int protocolMinor() {
        return minor;
    }

    /** Whether the server accepts QEMU extended key events (so scancodes are used). */
    public boolean extendedKeys() {
        return extendedKeys;
    }

    /** Whether the guest's pointer is absolute (a tablet); false until the server says so. */
    public boolean absolutePointer() {
        return absolutePointer;
    }

    /**
     * Presses or releases a key: a QEMU extended key event (the scancode) when the server supports
     * it, else a plain KeyEvent (the keysym). See {@link Keys}.
     */
    public void keyEvent(int xtScancode, int keysym, boolean down) throws IOException {
        if (extendedKeys && xtScancode > 0) {
            write(new byte[] {(byte) 255, 0, 0, (byte) (down ? 1 : 0),
                (byte) (keysym >> 24), (byte) (keysym >> 16), (byte) (keysym >> 8), (byte) keysym,
                (byte) (xtScancode >> 24), (byte) (xtScancode >> 16), (byte) (xtScancode >> 8), (byte) xtScancode});
        } else {
            write(new byte[] {4, (byte) (down ? 1 : 0), 0, 0,
                (byte) (keysym >> 24), (byte) (keysym >> 16), (byte) (keysym >> 8), (byte) keysym});
        }
    }

    /** Moves the pointer; {@code buttons} is a mask (bit 0 left, 1 middle, 2 right, 3/4 wheel). */
    public void pointer(int x, int y, int buttons) throws IOException {
        int px = Math.max(0, Math.min(0xFFFF, x));
        int py = Math.max(0, Math.min(0xFFFF, y));
        write(new byte[] {5, (byte) buttons, (byte) (px >> 8), (byte) px, (byte) (py >> 8), (byte) py});
    }

    /** Sends clipboard text (ClientCutText, Latin-1; few guests use it: prefer {@link Keys#type}). */
    public void clipboard(String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] m = new byte[8 + t.length];
        m[0] = 6;
        m[4] = (byte) (t.length >> 24);
        m[5] = (byte) (t.length >> 16);
        m[6] = (byte) (t.length >> 8);
        m[7] = (byte) t.length;
        System.arraycopy(t, 0, m, 8, t.length);
        write(m);
    }

    /** Asks for the whole framebuffer again (a non-incremental update). */
    public void refresh() throws IOException {
        sendUpdateRequest(false);
    }

    /** Whether the session is still running. */
    public boolean isOpen() {
        return !ended.get();
    }

    /** Ends the session and closes both streams; idempotent. The listener hears onEnd("closed", null). */
    @Override
    public void close() {
        closing = true;
        closeStreams();
    }

    private void end(String reason, RfbException error) {
        if (ended.compareAndSet(false, true)) {
            closeStreams();
            zrle.end();
            listener.onEnd(reason, error);
        }
    }

    private void closeStreams() {
        try {
            rawIn.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            rawOut.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }
}
