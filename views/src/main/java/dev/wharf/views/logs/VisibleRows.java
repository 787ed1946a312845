package dev.wharf.views.logs;

import dev.wharf.inventory.LogLine;
import java.util.Collections;
import javafx.collections.ObservableListBase;

/**
 * The list the viewer's ListView shows: a window on the latest {@link LogSnapshot}, never a copy
 * of the rows. Each pulse fires one change: rows added at the end, or (after a drop from the
 * ring, a new filter, a reopen) the whole list replaced.
 */
final class VisibleRows extends ObservableListBase<LogRow> {
    private LogSnapshot snapshot;

    LogSnapshot snapshot() {
        return snapshot;
    }

    /** FX thread. Returns how many rows left the top (the list shifts up by that many). */
    long show(LogSnapshot next) {
        LogSnapshot old = snapshot;
        int oldSize = old == null ? 0 : old.size();
        snapshot = next;
        int newSize = next.size();
        beginChange();
        long shifted = 0;
        boolean sameStream = old != null && old.generation() == next.generation()
                && old.filtered() == null && next.filtered() == null;
        long dropped = sameStream ? next.first() - old.first() : 0;
        long oldRows = old == null ? 0 : old.next() - old.first();
        if (sameStream && dropped >= 0 && dropped < oldRows && next.next() >= old.next()) {
            // the usual pulse: some rows left the ring at the top, new ones came at the end
            int top = old.first() > 0 ? 1 : 0;
            if (dropped > 0) {
                nextRemove(top, Collections.nCopies((int) dropped, (LogRow) null));
            }
            if (top == 0 && next.first() > 0) {
                nextAdd(0, 1); // the "older lines dropped" row appears
            }
            int added = (int) (next.next() - old.next());
            if (added > 0) {
                nextAdd(newSize - added, newSize);
            }
            shifted = dropped;
        } else {
            if (oldSize > 0) {
                nextRemove(0, Collections.nCopies(oldSize, (LogRow) null));
            }
            if (newSize > 0) {
                nextAdd(0, newSize);
            }
        }
        endChange();
        return shifted;
    }

    @Override
    public LogRow get(int index) {
        LogSnapshot s = snapshot;
        long seq = s.seqAt(index);
        if (seq < 0) {
            return new LogRow(-1, LogLine.marker(LogLine.Kind.GAP, null, null, ""), String.format(
                    "… %,d older lines dropped (the viewer keeps the last %,d)", s.dropped(), s.ring().capacity()), new int[0]);
        }
        LogRow r = s.ring().get(seq);
        return r != null ? r : new LogRow(seq, LogLine.marker(LogLine.Kind.GAP, null, null, ""), "", new int[0]);
    }

    @Override
    public int size() {
        return snapshot == null ? 0 : snapshot.size();
    }
}
