package dev.wharf.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Snapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wharf snapshot list} as a table (the tree: children indented under their parent, {@code *} on
 * the current one) or as JSON: {@code {"item", "unavailable", "notes", "memory", "snapshots": [{"name",
 * "description", "created", "parent", "current", "state", "memory", "phase", "readyToUse", "indications",
 * "error"}]}}. Fields are only ever added.
 */
final class SnapshotOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotOutput() {
    }

    static String json(Item item, Snapshots.Listing l) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("item", item.id());
        doc.put("unavailable", l.unavailable());
        ArrayNode notes = doc.putArray("notes");
        l.notes().forEach(notes::add);
        doc.put("memory", l.memory());
        ArrayNode list = doc.putArray("snapshots");
        for (Snapshots.Snapshot s : l.snapshots()) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.put("description", s.description());
            n.put("created", s.created() == null ? null : s.created().toString());
            n.put("parent", s.parent());
            n.put("current", s.current());
            n.put("state", s.state());
            n.put("memory", s.memory());
            n.put("phase", s.phase());
            if (s.readyToUse() == null) {
                n.putNull("readyToUse");
            } else {
                n.put("readyToUse", s.readyToUse());
            }
            ArrayNode ind = n.putArray("indications");
            s.indications().forEach(ind::add);
            n.put("error", s.error());
        }
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String table(Snapshots.Listing l, Instant now) {
        if (l.snapshots().isEmpty()) {
            return "No snapshots.\n";
        }
        boolean kubevirt = l.snapshots().stream().anyMatch(s -> s.phase() != null);
        List<String[]> rows = new ArrayList<>();
        rows.add(kubevirt ? new String[] {"NAME", "PHASE", "READY", "AGE", "INDICATIONS", "DESCRIPTION"}
                : new String[] {"NAME", "STATE", "MEMORY", "AGE", "DESCRIPTION"});
        addTree(l, null, 0, rows, kubevirt, now);
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 3) + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (!kubevirt) {
            sb.append("* current snapshot\n");
        }
        l.snapshots().stream().filter(s -> s.error() != null)
                .forEach(s -> sb.append(s.name()).append(": ").append(s.error()).append('\n'));
        return sb.toString();
    }

    private static void addTree(Snapshots.Listing l, String parent, int depth, List<String[]> rows, boolean kubevirt,
                                Instant now) {
        for (Snapshots.Snapshot s : l.children(parent)) {
            String name = "  ".repeat(depth) + (depth > 0 ? "└ " : "") + s.name() + (s.current() ? " *" : "");
            String age = Ages.of(s.created(), now);
            rows.add(kubevirt
                    ? new String[] {name, dash(s.phase()), s.readyToUse() == null ? "-" : String.valueOf(s.readyToUse()),
                        age, s.indications().isEmpty() ? "-" : String.join(",", s.indications()), dash(s.description())}
                    : new String[] {name, dash(s.state()), s.memory() ? "yes" : "no", age, dash(s.description())});
            if (depth < 50) {
                addTree(l, s.name(), depth + 1, rows, kubevirt, now);
            }
        }
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
