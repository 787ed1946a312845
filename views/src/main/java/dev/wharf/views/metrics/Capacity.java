package dev.wharf.views.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodeFacts;
import dev.wharf.inventory.ResourceRequests;
import dev.wharf.inventory.State;
import dev.wharf.inventory.Usage;

import java.util.List;
import java.util.Locale;

/**
 * A node's or host's CPU and memory: what is used, what its workloads request (RuntimeClass
 * overhead included, see {@link ResourceRequests}) and what is allocatable. Pure; null = not known.
 */
public record Capacity(Double cpuUsed, Double cpuRequested, Double cpuAllocatable,
                       Long memoryUsed, Long memoryRequested, Long memoryAllocatable) {

    /**
     * The capacity of {@code item} with the workloads that run on it; null when nothing about it is
     * allocatable (neither node facts nor a usage that says what share it is).
     */
    public static Capacity of(Item item, Usage usage, List<Item> runningOn) {
        Double cpuAlloc = null;
        Long memAlloc = null;
        NodeFacts f = item.facet(NodeFacts.class).orElse(null);
        if (f != null) {
            cpuAlloc = cores(f.allocatable().get("cpu"));
            memAlloc = bytes(f.allocatable().get("memory"));
        }
        if (usage != null) {
            if (cpuAlloc == null && usage.cpuCores() != null && usage.cpuPercent() != null && usage.cpuPercent() > 0) {
                cpuAlloc = usage.cpuCores() * 100 / usage.cpuPercent();
            }
            if (memAlloc == null && usage.memoryBytes() != null && usage.memoryPercent() != null && usage.memoryPercent() > 0) {
                memAlloc = Math.round(usage.memoryBytes() * 100 / usage.memoryPercent());
            }
        }
        if (cpuAlloc == null && memAlloc == null || f == null && runningOn.isEmpty()) {
            return null;
        }
        Double cpuReq = null;
        Long memReq = null;
        for (Item i : runningOn) {
            if (i.state() == State.SUCCEEDED || i.state() == State.FAILED) {
                continue; // finished pods no longer hold their requests
            }
            ResourceRequests r = i.facet(ResourceRequests.class).orElse(null);
            if (r != null && r.cpuCores() != null) {
                cpuReq = (cpuReq == null ? 0 : cpuReq) + r.cpuCores();
            }
            if (r != null && r.memoryBytes() != null) {
                memReq = (memReq == null ? 0 : memReq) + r.memoryBytes();
            }
        }
        return new Capacity(usage == null ? null : usage.cpuCores(), cpuReq, cpuAlloc,
                usage == null ? null : usage.memoryBytes(), memReq, memAlloc);
    }

    /** "4 CPUs", "1 CPU", "3.8 CPUs" (NodeFacts' units) → cores. */
    static Double cores(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s.replace("CPUs", "").replace("CPU", "").trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "15.6 GiB", "512 MiB", "0 B" (NodeFacts' units) → bytes. */
    static Long bytes(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        List<String> units = List.of("B", "KIB", "MIB", "GIB", "TIB", "PIB");
        int k = units.indexOf(parts[1].toUpperCase(Locale.ROOT));
        try {
            return k < 0 ? null : Math.round(Double.parseDouble(parts[0]) * Math.pow(1024, k));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
