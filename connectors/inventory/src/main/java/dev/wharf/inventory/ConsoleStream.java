package dev.wharf.inventory;

import java.io.IOException;
import java.util.Set;

/**
 * A live console as a duplex byte stream: a libvirt domain's serial console, a KubeVirt VMI's
 * serial console, or a shell in a container. Binary-safe; nothing here blocks for long.
 *
 * <p>Life: {@link #start(Listener)} once; bytes arrive through {@link Listener#onData} on a
 * connector thread; {@link Listener#onEnd} is called exactly once, when the stream ends for
 * any reason (including {@link #close()}).
 */
public interface ConsoleStream extends AutoCloseable {

    /** Receives the console's output and its end. Do not block in these calls. */
    interface Listener {
        /** Bytes as received; the array is the listener's to keep. */
        void onData(byte[] data);

        /** The stream ended; called once. */
        void onEnd(ConsoleEnd end);
    }

    /** Keys that are not bytes on a serial line. */
    enum SpecialKey {
        /** Ctrl+Alt+Del (a guest reboot request). */
        CTRL_ALT_DEL,
        /** A serial break. */
        BREAK
    }

    /** What this console is, for a title or status line ("serial console of db on h1"). */
    String description();

    /** Starts delivering output to {@code listener}. */
    void start(Listener listener);

    /** Sends bytes (keystrokes, a paste) to the guest or process; queues rather than blocks. */
    void write(byte[] data) throws IOException;

    /** Tells the far end the terminal's size, where the protocol has a way to. */
    default void resize(int columns, int rows) {
    }

    /** The special keys this console can send. */
    default Set<SpecialKey> specialKeys() {
        return Set.of();
    }

    default void sendSpecial(SpecialKey key) throws IOException {
        throw new IOException(description() + " cannot send " + key);
    }

    /** Closes the stream; idempotent. The listener gets {@link ConsoleEnd.Reason#CLOSED}. */
    @Override
    void close();
}
