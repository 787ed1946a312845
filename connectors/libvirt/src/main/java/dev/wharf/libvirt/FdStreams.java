package dev.wharf.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Java streams over a connected socket file descriptor that libvirt handed us
 * ({@code virDomainOpenGraphicsFD}), through libc with JNA. {@link #close()} shuts the socket down
 * first, which wakes a thread blocked in {@code read}, then closes the fd once.
 */
final class FdStreams implements AutoCloseable {
    private static final int EINTR = 4;
    private static final int SHUT_RDWR = 2;

    interface LibC extends Library {
        long read(int fd, byte[] buf, long count);

        long write(int fd, byte[] buf, long count);

        int shutdown(int fd, int how);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private final int fd;
    private final AtomicBoolean shut = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object readLock = new Object();

    FdStreams(int fd) {
        this.fd = fd;
    }

    final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (readLock) {
                if (shut.get()) {
                    return -1;
                }
                byte[] buf = off == 0 ? b : new byte[len];
                long n;
                do {
                    n = Holder.C.read(fd, buf, len);
                } while (n < 0 && Native.getLastError() == EINTR && !shut.get());
                if (n < 0) {
                    if (shut.get()) {
                        return -1;
                    }
                    throw new IOException("reading the display's socket failed (errno " + Native.getLastError() + ")");
                }
                if (n == 0) {
                    return -1;
                }
                if (buf != b) {
                    System.arraycopy(buf, 0, b, off, (int) n);
                }
                return (int) n;
            }
        }

        @Override
        public void close() {
            FdStreams.this.close();
        }
    };

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            byte[] buf = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            int done = 0;
            while (done < len) {
                if (shut.get()) {
                    throw new IOException("the display's socket is closed");
                }
                byte[] rest = done == 0 ? buf : java.util.Arrays.copyOfRange(buf, done, len);
                long n = Holder.C.write(fd, rest, len - done);
                if (n < 0) {
                    if (Native.getLastError() == EINTR) {
                        continue;
                    }
                    throw new IOException("writing to the display's socket failed (errno " + Native.getLastError() + ")");
                }
                done += (int) n;
            }
        }

        @Override
        public void close() {
            FdStreams.this.close();
        }
    };

    /** Shuts the socket down (waking readers) and closes the fd once the reader has left. */
    @Override
    public void close() {
        if (shut.compareAndSet(false, true)) {
            Holder.C.shutdown(fd, SHUT_RDWR);
        }
        Thread closer = new Thread(() -> {
            synchronized (readLock) {
                if (closed.compareAndSet(false, true)) {
                    Holder.C.close(fd);
                }
            }
        }, "vnc-fd-close");
        closer.setDaemon(true);
        closer.start();
    }
}
