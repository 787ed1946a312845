package dev.wharf.views.logs;

/**
 * The viewer's bounded store: the last {@code capacity} rows, by sequence number. One writer (the
 * viewer's worker); readers on other threads (the FX thread rendering a snapshot) read slots
 * without locks and check the row's {@link LogRow#seq()}: a slot the writer reused since gives
 * null, never a wrong row.
 */
public final class LogRing {
    /** The default ring size (a setting). */
    public static final int DEFAULT_CAPACITY = 200_000;

    private final LogRow[] rows;
    private volatile long next;

    public LogRing(int capacity) {
        rows = new LogRow[Math.max(16, capacity)];
    }

    public int capacity() {
        return rows.length;
    }

    /** The number the next row gets (= rows received so far). */
    public long next() {
        return next;
    }

    /** The first row still held (= how many were dropped). */
    public long first() {
        return Math.max(0, next - rows.length);
    }

    /** Writer only. */
    void add(LogRow row) {
        rows[(int) (row.seq() % rows.length)] = row;
        next = row.seq() + 1;
    }

    /** Writer only: puts another rendering of a row still held in its place. */
    void replace(LogRow row) {
        int slot = (int) (row.seq() % rows.length);
        LogRow now = rows[slot];
        if (now != null && now.seq() == row.seq()) {
            rows[slot] = row;
        }
    }

    /** The row numbered {@code seq}, or null when it was dropped (or not received yet). */
    public LogRow get(long seq) {
        LogRow r = rows[(int) (seq % rows.length)];
        return r != null && r.seq() == seq ? r : null;
    }
}
