package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's objects, read and written in process through the CRUD dispatcher: reads and
 * deletes through its GET/DELETE handlers, writes through {@code processEvent}, the method
 * its own POST/PUT handlers end in, so every change reaches open watches (fabric8 informers,
 * {@code kubectl get -w}) as an ADDED, MODIFIED or DELETED event. Never does network I/O, so the simulator may call it from the server's
 * event loop without risking a deadlock.
 */
final class ClusterStore {

    private final KubernetesCrudDispatcher crud;
    private final ApiResources api;

    ClusterStore(KubernetesCrudDispatcher crud, ApiResources api) {
        this.crud = crud;
        this.api = api;
    }

    ApiResources api() {
        return api;
    }

    ApiResources.Type type(String apiVersion, String kind) {
        return api.byKind(apiVersion, kind)
                .orElseThrow(() -> new IllegalArgumentException("the lab serves no " + apiVersion + " " + kind));
    }

    Optional<GenericKubernetesResource> get(ApiResources.Type type, String namespace, String name) {
        MockResponse r = crud.handleGet(type.objectPath(namespace, name));
        if (r.code() != 200 || r.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(Serialization.unmarshal(r.getBody().readUtf8(), GenericKubernetesResource.class));
    }

    List<GenericKubernetesResource> list(ApiResources.Type type, String namespace, String labelSelector) {
        String path = type.collectionPath(namespace);
        if (labelSelector != null) {
            path += "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        }
        MockResponse r = crud.handleGet(path);
        List<GenericKubernetesResource> out = new ArrayList<>();
        if (r.code() == 200 && r.getBody() != null) {
            GenericKubernetesResource list = Serialization.unmarshal(r.getBody().readUtf8(),
                    GenericKubernetesResource.class);
            Object items = list.getAdditionalProperties().get("items");
            if (items instanceof List<?> l) {
                for (Object o : l) {
                    out.add(Serialization.jsonMapper().convertValue(o, GenericKubernetesResource.class));
                }
            }
        }
        return out;
    }

    /**
     * Creates {@code object} (typed or generic) as it is, keeping its uid and timestamps (the
     * CRUD mock's POST handler would replace them, and launcher pods point at their VMI's uid);
     * answers the stored object.
     */
    GenericKubernetesResource create(KubernetesResource object) {
        GenericKubernetesResource r = object instanceof GenericKubernetesResource g ? g : generic(object);
        ApiResources.Type t = type(r.getApiVersion(), r.getKind());
        String path = t.objectPath(r.getMetadata().getNamespace(), r.getMetadata().getName());
        if (crud.findResource(crud.getKey(path)) != null) {
            throw new IllegalStateException("the lab could not create " + r.getKind() + " "
                    + r.getMetadata().getName() + ": it exists");
        }
        return put(path, null, r);
    }

    /** Replaces the stored object (the lab's own writes skip the version check). */
    GenericKubernetesResource update(GenericKubernetesResource object) {
        ApiResources.Type t = type(object.getApiVersion(), object.getKind());
        String path = t.objectPath(object.getMetadata().getNamespace(), object.getMetadata().getName());
        Map.Entry<AttributeSet, String> old = crud.findResource(crud.getKey(path));
        if (old == null) {
            throw new IllegalStateException("the lab could not update " + object.getKind() + " "
                    + object.getMetadata().getName() + ": it is gone");
        }
        return put(path, old.getKey(), object);
    }

    private GenericKubernetesResource put(String path, AttributeSet old, GenericKubernetesResource r) {
        ObjectMeta m = r.getMetadata();
        if (m.getUid() == null) {
            m.setUid(UUID.randomUUID().toString());
        }
        if (m.getCreationTimestamp() == null) {
            m.setCreationTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (m.getGeneration() == null) {
            // the CRUD mock's PATCH and PUT copy metadata.generation over: without one they fail (NPE → 500)
            m.setGeneration(1L);
        }
        m.setResourceVersion(String.valueOf(crud.requestResourceVersion()));
        String json = Serialization.asJson(r);
        synchronized (crud) {
            crud.processEvent(path, crud.getKey(path), old, r, json);
        }
        return Serialization.unmarshal(json, GenericKubernetesResource.class);
    }

    boolean delete(ApiResources.Type type, String namespace, String name) {
        return crud.handleDelete(type.objectPath(namespace, name)).code() == 200;
    }

    static GenericKubernetesResource generic(Object typed) {
        return Serialization.jsonMapper().convertValue(typed, GenericKubernetesResource.class);
    }


    // --- small helpers for generic objects -------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(GenericKubernetesResource r, String top) {
        return (Map<String, Object>) r.getAdditionalProperties().computeIfAbsent(top,
                k -> new java.util.LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new java.util.LinkedHashMap<String, Object>());
    }

    static String str(GenericKubernetesResource r, Object... path) {
        Object v = r.get(path);
        return v == null ? null : String.valueOf(v);
    }
}
