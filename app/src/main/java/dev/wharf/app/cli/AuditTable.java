package dev.wharf.app.cli;

import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.isolation.Boundary;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.Kernel;
import dev.wharf.isolation.NodeReport;
import dev.wharf.isolation.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The isolation report as text ({@code wharf audit}): the nodes with their placement and kernels,
 * then the findings worst first, each with its why and reference, then a count per severity.
 * A pure function of the report and the snapshot it was made from (for host names).
 */
public final class AuditTable {
    private AuditTable() {
    }

    public static String render(IsolationReport report, InventorySnapshot snapshot) {
        Map<String, String> names = new HashMap<>();
        snapshot.items().forEach(i -> names.put(i.id(), i.name()));
        StringBuilder b = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "PLACEMENT", "KERNELS", "SHARED KERNEL TENANTS", "WORST"});
        for (NodeReport n : report.nodes()) {
            if (n.nodeId() == null) {
                continue;
            }
            String placement = n.placement().placement().wire()
                    + (n.placement().host() == null ? "" : " on host " + names.getOrDefault(n.placement().host(), n.placement().host()));
            List<String> shared = n.kernels().isEmpty() ? List.of() : n.kernels().get(0).tenants();
            rows.add(new String[] {n.name(), placement, kernels(n.kernels()), shared.isEmpty() ? "-" : String.join(",", shared),
                    n.worst() == null ? "-" : n.worst().wire()});
        }
        if (rows.size() > 1) {
            b.append(Columns.render(rows)).append('\n');
        }
        List<Finding> findings = report.findings();
        if (findings.isEmpty()) {
            b.append("No findings.\n");
            return b.toString();
        }
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            counts.merge(f.severity(), 1, Integer::sum);
            b.append(String.format(Locale.ROOT, "%-8s %s  %s%n", f.severity().wire().toUpperCase(Locale.ROOT), f.rule(),
                    f.node() == null ? "(no node)" : names.getOrDefault(f.node(), f.node())));
            b.append("         ").append(f.message()).append('\n');
            b.append("         why: ").append(f.why()).append(" (").append(f.reference()).append(")\n");
        }
        List<String> summary = new ArrayList<>();
        counts.forEach((s, c) -> summary.add(c + " " + s.wire()));
        b.append('\n').append(findings.size()).append(findings.size() == 1 ? " finding: " : " findings: ")
                .append(String.join(", ", summary)).append('\n');
        return b.toString();
    }

    /** "node(12) + 3 microvm + 1 vm": the node kernel's workloads, then the kernels of their own. */
    static String kernels(List<Kernel> kernels) {
        Map<Boundary, Integer> own = new EnumMap<>(Boundary.class);
        int shared = 0;
        for (int i = 0; i < kernels.size(); i++) {
            Kernel k = kernels.get(i);
            if (i == 0 && k.boundary() == Boundary.CONTAINER) {
                shared = k.items().size();
            } else {
                own.merge(k.boundary(), 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder("node(" + shared + ")");
        own.forEach((bd, c) -> b.append(" + ").append(c).append(' ').append(bd.wire()));
        return b.toString();
    }

    /** Left-aligned columns two spaces apart. */
    static final class Columns {
        private Columns() {
        }

        static String render(List<String[]> rows) {
            int[] w = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            StringBuilder b = new StringBuilder();
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(w[i] - r[i].length() + 2));
                    }
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
            return b.toString();
        }
    }
}
