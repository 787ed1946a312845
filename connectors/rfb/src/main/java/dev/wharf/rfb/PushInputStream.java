package dev.wharf.rfb;

import java.io.IOException;
import java.io.InputStream;

/**
 * STUB (API only): an InputStream fed by pushes: bridges a callback transport (a websocket, a
 * {@code ConsoleStream.Listener}) to {@link RfbClient#connect}. {@link #push} never blocks.
 */
public final class PushInputStream extends InputStream {

    /** Adds bytes (the array is kept, not copied). */
    public void push(byte[] data) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Marks the end: readers get -1 after the queued bytes, or {@code error} when not null. */
    public void end(IOException error) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int read() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
