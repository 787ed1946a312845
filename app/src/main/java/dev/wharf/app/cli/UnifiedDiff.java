package dev.wharf.app.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** A unified diff (3 lines of context, like {@code diff -u} and {@code kubectl diff}) of two texts. */
final class UnifiedDiff {
    private UnifiedDiff() {
    }

    /** The diff, "" when the texts have the same lines. */
    static String of(String before, String after, String beforeName, String afterName) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, a, patch, 3)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
