package dev.wharf.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.Kernel;
import dev.wharf.isolation.NodeReport;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The isolation report as JSON ({@code wharf audit -o json}): a pure function of the report. A
 * contract scripts depend on (README.md): every field always present, fields only ever added.
 *
 * <pre>
 * {"nodes":[{"id","name","placement":"bare-metal"|"vm"|"unknown","host":ID|null,"evidence",
 *            "kernels":[{"boundary","tenants":[…],"items":[ids]}]}],
 *  "findings":[{"rule","severity","node":ID|null,"items":[ids],"tenants":[…],"message"}]}
 * </pre>
 */
public final class AuditJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AuditJson() {
    }

    public static ObjectNode document(IsolationReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        for (NodeReport n : report.nodes()) {
            if (n.nodeId() == null) {
                continue; // workloads on no node: their findings say node null
            }
            ObjectNode o = nodes.addObject();
            o.put("id", n.nodeId());
            o.put("name", n.name());
            o.put("placement", n.placement().placement().wire());
            o.put("host", n.placement().host());
            o.put("evidence", n.placement().evidence());
            ArrayNode kernels = o.putArray("kernels");
            for (Kernel k : n.kernels()) {
                ObjectNode ko = kernels.addObject();
                ko.put("boundary", k.boundary().wire());
                strings(ko.putArray("tenants"), k.tenants());
                strings(ko.putArray("items"), k.items());
            }
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode o = findings.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().wire());
            o.put("node", f.node());
            strings(o.putArray("items"), f.items());
            strings(o.putArray("tenants"), f.tenants());
            o.put("message", f.message());
        }
        return root;
    }

    public static String pretty(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
