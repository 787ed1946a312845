package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Updates ({@code PUT} of a whole object, what {@code kubectl replace}/{@code edit} and Wharf's editor
 * send) the way the API server answers them where fabric8's CRUD mock does not:
 * <ul>
 * <li>a {@code metadata.resourceVersion} that is not the stored one answers <b>409 Conflict</b> with
 * the server's message (the mock answers 422 Invalid);</li>
 * <li>{@code ?dryRun=All} answers the object as it would be stored and <b>stores nothing</b> (the mock
 * stores it); any other dryRun value is a 400, as the server's;</li>
 * <li>what the server manages is kept from the stored object: {@code status} (every type the lab
 * serves with a status has it as a subresource, so a PUT of the object ignores it), {@code uid},
 * {@code creationTimestamp}, {@code managedFields}; {@code generation} goes up when the spec changes;</li>
 * <li>a name that differs from the URL's is a 400;</li>
 * <li>a VirtualMachine with the deprecated {@code spec.running} comes back with KubeVirt's admission
 * warning in a {@code Warning} header, as the API server relays it ({@code 299 - "…"}).</li>
 * </ul>
 * Writes go through the {@link ClusterStore}, so watches see them. A PUT of something else (a
 * subresource, a type the lab does not serve, an object that does not exist) is left to the mock.
 */
final class Updates {
    static final String RUNNING_DEPRECATED = "spec.running is deprecated, please use spec.runStrategy instead.";

    private Updates() {
    }

    /** The answer to {@code PUT path} with {@code body}, if it is an update of a stored object. */
    static Optional<MockResponse> put(ClusterStore store, List<String> seg, Map<String, List<String>> query, String body) {
        Optional<Target> target = Target.of(store.api(), seg);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Target t = target.get();
        Optional<GenericKubernetesResource> stored = store.get(t.type(), t.namespace(), t.name());
        if (stored.isEmpty()) {
            return Optional.empty(); // the mock's 404
        }
        List<String> dryRun = query.getOrDefault("dryRun", List.of());
        for (String d : dryRun) {
            if (!d.equals("All")) {
                return Optional.of(Responses.status(400, "BadRequest",
                        "Invalid dryRun value: \"" + d + "\": supported values: \"All\""));
            }
        }
        GenericKubernetesResource sent;
        try {
            sent = Serialization.unmarshal(body, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            return Optional.of(Responses.badRequest("the body of the request was in an unknown format: " + e.getMessage()));
        }
        if (sent == null || sent.getMetadata() == null) {
            return Optional.of(Responses.badRequest("the body of the request has no metadata"));
        }
        ObjectMeta m = sent.getMetadata();
        if (!t.name().equals(m.getName())) {
            return Optional.of(Responses.badRequest("the name of the object (" + m.getName()
                    + ") does not match the name on the URL (" + t.name() + ")"));
        }
        GenericKubernetesResource old = stored.get();
        String version = m.getResourceVersion();
        if (version != null && !version.isEmpty() && !version.equals(old.getMetadata().getResourceVersion())) {
            return Optional.of(Responses.conflict(t.type().plural(), t.type().group(), t.name(),
                    "the object has been modified; please apply your changes to the latest version and try again"));
        }
        GenericKubernetesResource next = serverManaged(old, sent);
        MockResponse answer = dryRun.isEmpty() ? Responses.json(200, store.update(next)) : Responses.json(200, next);
        warnings(next).forEach(w -> answer.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
        return Optional.of(answer);
    }

    /** {@code sent} with what the server keeps from {@code old}. */
    private static GenericKubernetesResource serverManaged(GenericKubernetesResource old, GenericKubernetesResource sent) {
        ObjectMeta was = old.getMetadata();
        ObjectMeta m = sent.getMetadata();
        m.setNamespace(was.getNamespace());
        m.setUid(was.getUid());
        m.setCreationTimestamp(was.getCreationTimestamp());
        m.setManagedFields(was.getManagedFields());
        m.setDeletionTimestamp(was.getDeletionTimestamp());
        m.setResourceVersion(was.getResourceVersion());
        Object spec = sent.getAdditionalProperties().get("spec");
        boolean specChanged = !Objects.equals(spec, old.getAdditionalProperties().get("spec"));
        long generation = was.getGeneration() == null ? 1 : was.getGeneration();
        m.setGeneration(specChanged ? generation + 1 : generation);
        Object status = old.getAdditionalProperties().get("status");
        if (status == null) {
            sent.getAdditionalProperties().remove("status");
        } else {
            sent.getAdditionalProperties().put("status", status);
        }
        return sent;
    }

    /** The admission warnings KubeVirt's webhook gives for this object. */
    private static List<String> warnings(GenericKubernetesResource r) {
        if ("VirtualMachine".equals(r.getKind()) && String.valueOf(r.getApiVersion()).startsWith("kubevirt.io/")
                && r.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec && spec.get("running") != null) {
            return List.of(RUNNING_DEPRECATED);
        }
        return List.of();
    }

    /** An object's URL: {@code /api/v1/[namespaces/NS/]PLURAL/NAME} or {@code /apis/G/V/[namespaces/NS/]PLURAL/NAME}. */
    private record Target(ApiResources.Type type, String namespace, String name) {
        static Optional<Target> of(ApiResources api, List<String> seg) {
            List<String> rest;
            String group;
            String version;
            if (seg.size() >= 4 && seg.get(0).equals("api")) {
                group = "";
                version = seg.get(1);
                rest = seg.subList(2, seg.size());
            } else if (seg.size() >= 5 && seg.get(0).equals("apis")) {
                group = seg.get(1);
                version = seg.get(2);
                rest = seg.subList(3, seg.size());
            } else {
                return Optional.empty();
            }
            String namespace = null;
            if (rest.size() == 4 && rest.get(0).equals("namespaces")) {
                namespace = rest.get(1);
                rest = rest.subList(2, 4);
            }
            if (rest.size() != 2) {
                return Optional.empty();
            }
            String ns = namespace;
            String name = rest.get(1);
            return api.byPlural(group, version, rest.get(0))
                    .filter(t -> !t.subresource() && t.namespaced() == (ns != null))
                    .map(t -> new Target(t, ns, name));
        }
    }
}
