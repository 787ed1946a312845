package dev.wharf.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Usage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code wharf top}'s rows as a table ({@code kubectl top}'s units: {@code 250m}, {@code 1.2Gi}) or
 * JSON ({@code {"items":[{"id","kind","name","namespace","cpu":{"cores","percent"},"memory":{"bytes","percent"},
 * "disk":{"readBps","writeBps"},"net":{"rxBps","txBps"},"window","source"}]}}, a figure not known is null,
 * never 0). Pure.
 */
final class TopOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String NA = "n/a";

    /** One item and its usage (null when nothing was measured). */
    record Row(Item item, Usage usage) {
        Double cores() {
            return usage == null ? null : usage.cpuCores();
        }

        Long bytes() {
            return usage == null ? null : usage.memoryBytes();
        }
    }

    private TopOutput() {
    }

    static String json(List<Row> rows) {
        ObjectNode root = MAPPER.createObjectNode();
        var items = root.putArray("items");
        for (Row r : rows) {
            Usage u = r.usage();
            ObjectNode o = items.addObject();
            o.put("id", r.item().id());
            o.put("kind", r.item().kind().wire());
            o.put("name", r.item().name());
            o.put("namespace", r.item().namespace());
            ObjectNode cpu = o.putObject("cpu");
            cpu.put("cores", u == null ? null : u.cpuCores());
            cpu.put("percent", u == null ? null : u.cpuPercent());
            ObjectNode mem = o.putObject("memory");
            mem.put("bytes", u == null ? null : u.memoryBytes());
            mem.put("percent", u == null ? null : u.memoryPercent());
            ObjectNode disk = o.putObject("disk");
            disk.put("readBps", u == null ? null : u.diskReadBps());
            disk.put("writeBps", u == null ? null : u.diskWriteBps());
            ObjectNode net = o.putObject("net");
            net.put("rxBps", u == null ? null : u.netRxBps());
            net.put("txBps", u == null ? null : u.netTxBps());
            o.put("window", u == null || u.window() == null ? null : u.window().toMillis() / 1000.0);
            o.put("source", r.item().source());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String table(List<Row> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"KIND", "NAMESPACE", "NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%",
            "DISK(read/write)", "NET(rx/tx)"});
        for (Row r : rows) {
            Usage u = r.usage();
            Item i = r.item();
            lines.add(new String[] {i.kind().wire(), i.namespace() == null ? "" : i.namespace(), i.name(),
                cpu(r.cores()), percent(u == null ? null : u.cpuPercent()), bytes(r.bytes()),
                percent(u == null ? null : u.memoryPercent()),
                u == null || (u.diskReadBps() == null && u.diskWriteBps() == null) ? NA
                        : rate(u.diskReadBps()) + "/" + rate(u.diskWriteBps()),
                u == null || (u.netRxBps() == null && u.netTxBps() == null) ? NA
                        : rate(u.netRxBps()) + "/" + rate(u.netTxBps())});
        }
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int c = 0; c < l.length; c++) {
                width[c] = Math.max(width[c], l[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < l.length; c++) {
                line.append(l[c]);
                if (c < l.length - 1) {
                    line.append(" ".repeat(width[c] - l[c].length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Cores as {@code kubectl top} writes them: millicores ({@code 250m}, {@code 3500m}); n/a when unknown. */
    static String cpu(Double cores) {
        return cores == null ? NA : Math.round(cores * 1000) + "m";
    }

    /** Bytes in binary units: {@code 512Ki}, {@code 123Mi}, {@code 1.2Gi}; n/a when unknown. */
    static String bytes(Long bytes) {
        if (bytes == null) {
            return NA;
        }
        String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
        double v = bytes;
        if (v < 1024) {
            return bytes + "";
        }
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 10 || u < 2 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }

    static String rate(Long bps) {
        return bps == null ? NA : bytes(bps) + "/s";
    }

    static String percent(Double p) {
        return p == null ? NA : Math.round(p) + "%";
    }
}
