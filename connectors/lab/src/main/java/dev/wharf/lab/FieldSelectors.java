package dev.wharf.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors on list answers ({@code ?fieldSelector=spec.nodeName=worker-02,status.phase!=Failed}),
 * which the CRUD mock ignores beyond {@code metadata.name} and {@code metadata.namespace}:
 * {@code kubectl drain} lists a node's pods with one, {@code kubectl get events} filters with
 * {@code involvedObject.*}. Requirements are {@code a=b}, {@code a==b} and {@code a!=b} on a dotted path;
 * a missing field reads as the empty string, as the API server's field sets do.
 */
final class FieldSelectors {

    private record Requirement(String path, String value, boolean equal) {
    }

    private FieldSelectors() {
    }

    static MockResponse filter(MockResponse list, String selector) {
        List<Requirement> reqs = parse(selector);
        if (reqs.isEmpty()) {
            return list;
        }
        try {
            JsonNode root = Serialization.jsonMapper().readTree(list.getBody().readUtf8());
            if (!(root.get("items") instanceof ArrayNode items)) {
                return Responses.json(list.code(), Serialization.asJson(root));
            }
            ArrayNode kept = Serialization.jsonMapper().createArrayNode();
            for (JsonNode item : items) {
                if (reqs.stream().allMatch(r -> r.equal() == r.value().equals(field(item, r.path())))) {
                    kept.add(item);
                }
            }
            ((ObjectNode) root).set("items", kept);
            return Responses.json(list.code(), Serialization.asJson(root));
        } catch (java.io.IOException | RuntimeException e) {
            return Responses.badRequest("the lab could not apply the field selector " + selector + ": " + e.getMessage());
        }
    }

    static List<Requirement> parse(String selector) {
        List<Requirement> out = new ArrayList<>();
        for (String part : selector.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int ne = p.indexOf("!=");
            if (ne > 0) {
                out.add(new Requirement(p.substring(0, ne), p.substring(ne + 2), false));
                continue;
            }
            int eq = p.indexOf("==");
            if (eq > 0) {
                out.add(new Requirement(p.substring(0, eq), p.substring(eq + 2), true));
                continue;
            }
            int e = p.indexOf('=');
            if (e > 0) {
                out.add(new Requirement(p.substring(0, e), p.substring(e + 1), true));
            }
        }
        return out;
    }

    private static String field(JsonNode item, String path) {
        JsonNode n = item;
        for (String key : path.split("\\.")) {
            n = n == null ? null : n.get(key);
        }
        return n == null || n.isNull() ? "" : n.asText();
    }
}
