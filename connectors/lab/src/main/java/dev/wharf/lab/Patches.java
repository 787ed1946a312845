package dev.wharf.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Merge patches: strategic ones ({@code application/strategic-merge-patch+json}), which the CRUD
 * mock answers with 415 (what {@code kubectl cordon}, {@code uncordon}, {@code drain},
 * {@code label}, {@code annotate} and {@code rollout restart} send), and JSON merge patches,
 * whose {@code null} (remove the field) the mock fails on. Both are applied as RFC 7386 says:
 * maps merge, {@code null} removes, lists are replaced whole (the lab's clients patch maps and
 * scalars; Kubernetes would merge some lists by key in a strategic patch). The write goes
 * through the {@link ClusterStore}, so watches see it.
 */
final class Patches {

    private Patches() {
    }

    static MockResponse mergePatch(KubernetesCrudDispatcher crud, ClusterStore store, String path, String body) {
        String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
        MockResponse current = crud.handleGet(objectPath);
        if (current.code() != 200 || current.getBody() == null) {
            return current;
        }
        try {
            JsonNode target = Serialization.jsonMapper().readTree(current.getBody().readUtf8());
            JsonNode patch = Serialization.jsonMapper().readTree(body);
            if (!patch.isObject()) {
                return Responses.badRequest("a strategic merge patch must be a JSON object");
            }
            merge((ObjectNode) target, patch);
            GenericKubernetesResource patched = Serialization.jsonMapper().treeToValue(target,
                    GenericKubernetesResource.class);
            return Responses.json(200, store.update(patched));
        } catch (IOException | RuntimeException e) {
            return Responses.badRequest("the patch could not be applied: " + e.getMessage());
        }
    }

    static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$")) {
                continue; // strategic directives ($patch, $setElementOrder/…, $retainKeys)
            }
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && target.get(key) instanceof ObjectNode child) {
                merge(child, value);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }
}
