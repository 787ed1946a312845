package dev.wharf.kubernetes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.wharf.inventory.DefinitionEditor.Problem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The YAML a user edits for a Kubernetes object, as a pure function both ways: the live object
 * without what the server manages ({@code status}, {@code managedFields}, {@code resourceVersion},
 * {@code uid}, {@code generation}, {@code creationTimestamp}, {@code selfLink}, deletion marks), and the edited
 * text back to an object after checks that need no server: it parses (with the line and column of
 * the first error), is one document, and is still the same object (apiVersion, kind, name, namespace).
 */
final class EditableYaml {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());
    private static final List<String> SERVER_METADATA = List.of("managedFields", "resourceVersion", "uid",
            "generation", "creationTimestamp", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private EditableYaml() {
    }

    /** The editable YAML of a live object (a copy is changed; {@code live} stays as it is). */
    static String of(GenericKubernetesResource live) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(live);
        if (tree instanceof ObjectNode o) {
            o.remove("status");
            if (o.get("metadata") instanceof ObjectNode m) {
                SERVER_METADATA.forEach(m::remove);
            }
        }
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /** The parsed edit and its problems; {@code tree} is null when it does not parse. */
    record Parsed(JsonNode tree, List<Problem> problems) {
        boolean ok() {
            return tree != null && problems.isEmpty();
        }
    }

    /** Parses {@code edited} and checks it still names the object {@code base} (its editable YAML) names. */
    static Parsed parse(String base, String edited) {
        JsonNode baseTree;
        try {
            baseTree = YAML.readTree(base);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the loaded definition does not parse", e);
        }
        List<Problem> problems = new ArrayList<>();
        if (edited == null || edited.isBlank()) {
            problems.add(new Problem(0, 0, "The definition is empty. Write the object's YAML, or cancel the edit."));
            return new Parsed(null, problems);
        }
        JsonNode tree;
        try (var parser = YAML.createParser(edited)) {
            tree = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(new Problem(at.getLineNr(), at.getColumnNr(),
                        "More than one YAML document: edit one object at a time (remove the second '---')."));
                return new Parsed(null, problems);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new Problem(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "Not valid YAML: " + firstLine(e.getOriginalMessage())));
            return new Parsed(null, problems);
        } catch (java.io.IOException e) {
            problems.add(new Problem(0, 0, "Not valid YAML: " + e.getMessage()));
            return new Parsed(null, problems);
        }
        if (tree == null || !tree.isObject()) {
            problems.add(new Problem(1, 1, "The definition must be a YAML mapping (apiVersion, kind, metadata …)."));
            return new Parsed(null, problems);
        }
        same(problems, "apiVersion", text(baseTree, "apiVersion"), text(tree, "apiVersion"));
        same(problems, "kind", text(baseTree, "kind"), text(tree, "kind"));
        same(problems, "metadata.name", text(baseTree.path("metadata"), "name"), text(tree.path("metadata"), "name"));
        String ns = text(tree.path("metadata"), "namespace");
        if (ns != null) {
            same(problems, "metadata.namespace", text(baseTree.path("metadata"), "namespace"), ns);
        }
        return new Parsed(tree, problems);
    }

    /** The edit as an object to send: the base's namespace when it left it out, and {@code resourceVersion}. */
    static GenericKubernetesResource toObject(JsonNode tree, String namespace, String resourceVersion) {
        ObjectNode copy = tree.deepCopy();
        ObjectNode meta = copy.get("metadata") instanceof ObjectNode m ? m : copy.putObject("metadata");
        if (namespace != null && !meta.has("namespace")) {
            meta.put("namespace", namespace);
        }
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        } else {
            meta.remove("resourceVersion");
        }
        return Serialization.jsonMapper().convertValue(copy, GenericKubernetesResource.class);
    }

    /** Whether the edit means the same as the base (same tree: formatting and comments aside). */
    static boolean unchanged(String base, JsonNode edited) {
        try {
            return YAML.readTree(base).equals(edited);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static void same(List<Problem> problems, String field, String was, String now) {
        if (!Objects.equals(was, now)) {
            problems.add(new Problem(0, 0, field + " was changed from " + quote(was) + " to " + quote(now)
                    + ": an edit cannot rename or move an object. Put it back (to make another object, create it)."));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
