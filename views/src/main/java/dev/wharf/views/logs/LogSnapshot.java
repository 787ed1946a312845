package dev.wharf.views.logs;

/**
 * What the viewer shows, as of one pulse; immutable in the ranges it names (the worker only
 * appends beyond them or allocates anew).
 *
 * @param ring        the rows
 * @param first       the first row held
 * @param next        one past the last row
 * @param filtered    with a filter: the rows that pass, in {@code [fStart, fEnd)}; null without one
 * @param matches     the search's matching rows (sequence numbers, ascending) in {@code [0, matchCount)}
 * @param generation  which opening of the log these rows belong to (a reopen starts a new one)
 * @param status      a line for the status bar: connected, ended, the error
 */
public record LogSnapshot(LogRing ring, long first, long next, long[] filtered, int fStart, int fEnd,
                          long[] matches, int matchCount, int generation, String status, boolean restarted) {

    /** Rows dropped from the ring (shown as one marker row on top). */
    public long dropped() {
        return first;
    }

    /** How many rows the list shows, the marker row of dropped lines included. */
    public int size() {
        int rows = filtered == null ? (int) (next - first) : fEnd - fStart;
        return rows + (first > 0 ? 1 : 0);
    }

    /** The sequence number at list index {@code i}; -1 for the dropped-lines marker. */
    public long seqAt(int i) {
        if (first > 0) {
            if (i == 0) {
                return -1;
            }
            i--;
        }
        return filtered == null ? first + i : filtered[fStart + i];
    }

    /** The list index of row {@code seq}, or -1 when it is not shown. */
    public int indexOf(long seq) {
        int offset = first > 0 ? 1 : 0;
        if (filtered == null) {
            return seq >= first && seq < next ? (int) (seq - first) + offset : -1;
        }
        int at = java.util.Arrays.binarySearch(filtered, fStart, fEnd, seq);
        return at < 0 ? -1 : at - fStart + offset;
    }
}
