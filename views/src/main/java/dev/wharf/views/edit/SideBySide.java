package dev.wharf.views.edit;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import java.util.List;

/**
 * The rows of a side-by-side line diff (java-diff-utils' {@link DiffRowGenerator}), computed off the
 * UI thread: each row the live line on the left, the edited one on the right, and how they differ.
 */
final class SideBySide {
    /** How a row differs: the same, changed, only on the right (added), only on the left (removed). */
    enum Change { EQUAL, CHANGED, ADDED, REMOVED }

    record Row(int leftLine, String left, int rightLine, String right, Change change) {
    }

    private SideBySide() {
    }

    static List<Row> of(String live, String edited) {
        DiffRowGenerator g = DiffRowGenerator.create().showInlineDiffs(false).ignoreWhiteSpaces(false)
                .mergeOriginalRevised(false).reportLinesUnchanged(true).build();
        List<DiffRow> rows = g.generateDiffRows(live.lines().toList(), edited.lines().toList());
        List<Row> out = new java.util.ArrayList<>(rows.size());
        int l = 0;
        int r = 0;
        for (DiffRow d : rows) {
            Change c = switch (d.getTag()) {
                case EQUAL -> Change.EQUAL;
                case CHANGE -> Change.CHANGED;
                case INSERT -> Change.ADDED;
                case DELETE -> Change.REMOVED;
            };
            boolean hasLeft = c != Change.ADDED;
            boolean hasRight = c != Change.REMOVED;
            out.add(new Row(hasLeft ? ++l : 0, hasLeft ? d.getOldLine() : "", hasRight ? ++r : 0,
                    hasRight ? d.getNewLine() : "", c));
        }
        return out;
    }

    /** How many rows differ. */
    static long changes(List<Row> rows) {
        return rows.stream().filter(r -> r.change() != Change.EQUAL).count();
    }
}
