package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes core/v1 Events as the cluster's components do (client-go's event recorder): one Event
 * per involved object, reason and message, whose {@code count} and {@code lastTimestamp} grow
 * when the same thing happens again. Callers hold the {@link Simulation}'s lock.
 */
final class EventRecorder {

    /** Who reports: {@code kubelet} on a node, {@code default-scheduler}, a controller. */
    record Source(String component, String host) {

        static Source of(String component) {
            return new Source(component, null);
        }
    }

    private final Simulation sim;
    private final ApiResources.Type eventType;
    private final Map<String, String> names = new LinkedHashMap<>();

    EventRecorder(Simulation sim) {
        this.sim = sim;
        this.eventType = sim.store.type("v1", "Event");
    }

    void normal(GenericKubernetesResource about, String reason, String message, Source source) {
        record(about, null, reason, message, "Normal", source);
    }

    void warning(GenericKubernetesResource about, String reason, String message, Source source) {
        record(about, null, reason, message, "Warning", source);
    }

    /** An Event about {@code about} (its container at {@code fieldPath}, if any). */
    void record(GenericKubernetesResource about, String fieldPath, String reason, String message, String type,
                Source source) {
        String ns = about.getMetadata().getNamespace();
        String eventNs = ns == null ? "default" : ns;
        String uid = about.getMetadata().getUid();
        String key = eventNs + "/" + uid + "/" + reason + "/" + message;
        Instant now = sim.now();
        String existing = names.get(key);
        if (existing != null) {
            Optional<GenericKubernetesResource> old = sim.store.get(eventType, eventNs, existing);
            if (old.isPresent()) {
                GenericKubernetesResource e = old.get();
                Object count = e.getAdditionalProperties().get("count");
                e.getAdditionalProperties().put("count", count instanceof Number n ? n.intValue() + 1 : 2);
                e.getAdditionalProperties().put("lastTimestamp", now.toString());
                sim.store.update(e);
                return;
            }
        }
        String name = about.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000 + names.size());
        GenericKubernetesResource e = new GenericKubernetesResource();
        e.setApiVersion("v1");
        e.setKind("Event");
        e.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(eventNs)
                .withCreationTimestamp(now.toString()).build());
        Map<String, Object> involved = new LinkedHashMap<>();
        involved.put("kind", about.getKind());
        if (ns != null) {
            involved.put("namespace", ns);
        }
        involved.put("name", about.getMetadata().getName());
        involved.put("uid", uid);
        involved.put("apiVersion", about.getApiVersion());
        involved.put("resourceVersion", about.getMetadata().getResourceVersion());
        if (fieldPath != null) {
            involved.put("fieldPath", fieldPath);
        }
        Map<String, Object> p = e.getAdditionalProperties();
        p.put("involvedObject", involved);
        p.put("reason", reason);
        p.put("message", message);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("component", source.component());
        if (source.host() != null) {
            src.put("host", source.host());
        }
        p.put("source", src);
        p.put("firstTimestamp", now.toString());
        p.put("lastTimestamp", now.toString());
        p.put("count", 1);
        p.put("type", type);
        p.put("eventTime", null);
        p.put("reportingComponent", source.component());
        p.put("reportingInstance", source.host() == null ? "" : source.host());
        sim.store.create(e);
        names.put(key, name);
    }
}
