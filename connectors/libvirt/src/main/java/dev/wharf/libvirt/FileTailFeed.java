package dev.wharf.libvirt;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.WharfException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A log file on this machine read like {@code tail -n N [-F]}: the last {@code tail} lines (or all),
 * then, when following, what is appended, checked every {@code pollMillis}. A file that shrinks
 * was truncated: a {@link LogLine.Kind#GAP} marker says lines may be missing, and reading starts
 * again at its beginning. A file replaced by another (rotation: another inode at the path) is read
 * to its end, then the new one from its start, with a notice. A path that disappears for a while
 * (rotation in progress) is waited for; the open file is still read meanwhile.
 */
final class FileTailFeed implements LogFeed {
    static final long POLL_MILLIS = 250;

    private final String description;
    private final Path path;
    private final String shownPath;
    private final Integer tail;
    private final boolean follow;
    private final String origin;
    private final Instant since;
    private final long pollMillis;
    private volatile boolean closed;
    private volatile Thread thread;

    /**
     * @param path      where to open it (possibly through {@code /proc/PID/root} of the daemon)
     * @param shownPath the path as the daemon names it, for messages
     */
    FileTailFeed(String description, Path path, String shownPath, Integer tail, boolean follow, String origin,
                 Instant since, long pollMillis) {
        this.description = description;
        this.path = path;
        this.shownPath = shownPath;
        this.tail = tail;
        this.follow = follow;
        this.origin = origin;
        this.since = since;
        this.pollMillis = pollMillis;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener listener) {
        Thread t = new Thread(() -> run(listener), "wharf-log-tail " + shownPath);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(Listener listener) {
        WharfException error = null;
        LogLineReader reader = new LogLineReader(origin, since, listener::onLine);
        FileChannel ch = null;
        try {
            ch = open(path);
            Object key = key(path);
            long pos = tail == null ? 0 : startOfLastLines(ch, tail);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (!closed) {
                pos = readToEnd(ch, pos, buf, reader);
                if (!follow) {
                    reader.flush();
                    break;
                }
                Thread.sleep(pollMillis);
                long size = ch.size();
                if (size < pos) {
                    reader.reset();
                    listener.onLine(LogLine.marker(LogLine.Kind.GAP, Instant.now(), origin, shownPath
                            + " was truncated at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                            + " (from " + pos + " to " + size + " bytes): lines written just before may be missing;"
                            + " reading it again from its start"));
                    pos = 0;
                    continue;
                }
                Object now = key(path);
                if (now != null && !Objects.equals(now, key)) { // rotated: finish the old file, then the new one
                    pos = readToEnd(ch, pos, buf, reader);
                    reader.flush();
                    ch.close();
                    ch = open(path);
                    key = now;
                    pos = 0;
                    listener.onLine(LogLine.marker(LogLine.Kind.NOTICE, Instant.now(), origin, shownPath
                            + " was replaced (rotated): following the new file"));
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (WharfException e) {
            error = e;
        } catch (IOException e) {
            error = closed ? null : new WharfException("Reading " + shownPath + " failed: " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            listener.onEnd(error);
        }
    }

    private static long readToEnd(FileChannel ch, long pos, ByteBuffer buf, LogLineReader reader) throws IOException {
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return pos;
            }
            reader.feed(buf.array(), 0, n);
            pos += n;
        }
    }

    private FileChannel open(Path p) {
        try {
            return FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WharfException(shownPath + " does not exist (yet): libvirt writes it when the domain starts.", e);
        } catch (AccessDeniedException e) {
            throw new WharfException("Cannot read " + shownPath + ": permission denied. Run Wharf as a user who may read"
                    + " it (root, or the group owning it), or connect with qemu+ssh://root@HOST/system.", e);
        } catch (IOException e) {
            throw new WharfException("Cannot open " + shownPath + ": " + e.getMessage(), e);
        }
    }

    private static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // gone for the moment (being rotated)
        }
    }

    /** The offset where the last {@code n} lines start (a last line without its end counts as one). */
    static long startOfLastLines(FileChannel ch, int n) throws IOException {
        long size = ch.size();
        if (n <= 0) {
            return size;
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long end = size;
        int seen = 0;
        boolean skipLast = true; // the final end of line closes the last line, it does not start one
        while (end > 0) {
            long from = Math.max(0, end - buf.capacity());
            buf.clear();
            buf.limit((int) (end - from));
            int read = 0;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, from + read);
                if (r < 0) {
                    break;
                }
                read += r;
            }
            for (int i = read - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    if (skipLast && from + i == size - 1) {
                        continue;
                    }
                    if (++seen == n) {
                        return from + i + 1;
                    }
                }
            }
            skipLast = false;
            end = from;
        }
        return 0;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
