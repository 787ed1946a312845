package dev.wharf.app.cli;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output of the command line that is UTF-8 whatever the locale ({@code LANG=C} must not turn
 * names into {@code ?}) and that remembers why a write failed ({@code > /dev/full}: "No space
 * left on device"; a closed pipe: "Broken pipe"), so the command can end with exit code 1 and say
 * so in one line. {@link #closed()} also notices a pipe whose reader went away before anything is
 * written to it ({@code wharf ls --watch | head -1} while nothing changes).
 */
public final class CheckedOutput extends PrintStream {

    private final Recorder recorder;
    private final int fd;

    private CheckedOutput(Recorder recorder, int fd) {
        super(recorder, true, StandardCharsets.UTF_8);
        this.recorder = recorder;
        this.fd = fd;
    }

    /** The process's standard output, UTF-8. */
    public static CheckedOutput stdout() {
        return new CheckedOutput(new Recorder(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192)), 1);
    }

    /** The process's standard error, UTF-8. */
    public static CheckedOutput stderr() {
        return new CheckedOutput(new Recorder(new FileOutputStream(FileDescriptor.err)), 2);
    }

    /** Over any stream (tests). */
    public static CheckedOutput of(OutputStream out) {
        return new CheckedOutput(new Recorder(out), -1);
    }

    /** Why the first write failed, or null when none did. */
    public String failure() {
        flush();
        IOException e = recorder.error;
        return e == null ? null : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether a write failed, or the reader of this pipe is gone. */
    public boolean closed() {
        return checkError() || (fd >= 0 && Poll.readerGone(fd));
    }

    /** Whether the failure is the reader going away (a closed pipe), which a command need not explain. */
    public boolean readerGone() {
        String f = failure();
        return (f != null && f.contains("Broken pipe")) || (f == null && fd >= 0 && Poll.readerGone(fd));
    }

    /** Passes bytes on and keeps the first IOException. */
    private static final class Recorder extends FilterOutputStream {
        volatile IOException error;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        private void keep(IOException e) {
            if (error == null) {
                error = e;
            }
        }
    }

    /** {@code poll(2)} on a file descriptor: POLLERR on a pipe's write end means its reader is gone. */
    private static final class Poll {
        private static final short POLLERR = 0x008;
        private static final LibC LIBC = load();

        interface LibC extends Library {
            int poll(Pointer fds, int nfds, int timeout);
        }

        private static LibC load() {
            try {
                return Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                return null; // not Linux, or no JNA: only failed writes count
            }
        }

        static boolean readerGone(int fd) {
            if (LIBC == null) {
                return false;
            }
            try (Memory pollfd = new Memory(8)) {
                pollfd.clear();
                pollfd.setInt(0, fd);
                return LIBC.poll(pollfd, 1, 0) > 0 && (pollfd.getShort(6) & POLLERR) != 0;
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }
    }
}
