package dev.wharf.rfb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** STUB (API only): an RFB session. */
public final class RfbClient implements AutoCloseable {

    private RfbClient() {
    }

    /**
     * Runs the handshake (version, security, ClientInit/ServerInit, pixel format, encodings) on the
     * calling thread, then reads the server's messages on a daemon thread of its own, asking for one
     * incremental update at a time.
     *
     * @throws RfbException when the handshake fails: wrong password, unsupported security, a refusal,
     *                      a malformed stream (the streams are closed then)
     */
    public static RfbClient connect(InputStream in, OutputStream out, RfbOptions options, RfbListener listener)
            throws RfbException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The desktop's pixels. */
    public Framebuffer framebuffer() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The desktop's name from ServerInit. */
    public String name() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The protocol version in use: 3, 7 or 8 (as in RFB 3.x). */
    public int protocolMinor() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the server accepts QEMU extended key events (so scancodes are used). */
    public boolean extendedKeys() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the guest's pointer is absolute (a tablet); false until the server says so. */
    public boolean absolutePointer() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Presses or releases a key: a QEMU extended key event (the scancode) when the server supports
     * it, else a plain KeyEvent (the keysym). See {@link Keys}.
     */
    public void keyEvent(int xtScancode, int keysym, boolean down) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Moves the pointer; {@code buttons} is a mask (bit 0 left, 1 middle, 2 right, 3/4 wheel). */
    public void pointer(int x, int y, int buttons) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sends clipboard text (ClientCutText, Latin-1; few guests use it: prefer {@link Keys#type}). */
    public void clipboard(String text) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Asks for the whole framebuffer again (a non-incremental update). */
    public void refresh() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the session is still running. */
    public boolean isOpen() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Ends the session and closes both streams; idempotent. The listener hears onEnd("closed", null). */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
