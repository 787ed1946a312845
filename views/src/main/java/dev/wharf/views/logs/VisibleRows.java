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
        if (old != null && old.generation() == next.generation() && old.first() == next.first()
                && old.filtered() == null && next.filtered() == null && newSize >= oldSize) {
            if (newSize > oldSize) {
                nextAdd(oldSize, newSize);
            }
        } else {
            if (old != null && old.generation() == next.generation()) {
                shifted = old.filtered() == null && next.filtered() == null ? next.first() - old.first() : 0;
            }
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
