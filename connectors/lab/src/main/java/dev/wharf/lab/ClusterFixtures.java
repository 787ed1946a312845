package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lab's cluster as YAML fixtures ({@code /dev/wharf/lab/cluster/*.yaml}, each a
 * {@code kind: List}), loaded with fabric8's {@link Serialization}. Fixture timestamps are
 * written relative to {@link #FIXTURE_NOW}; loading moves them so that ages look the same
 * whenever the lab starts ("3d", "41d").
 */
final class ClusterFixtures {

    /** The moment the fixtures call "now". */
    static final Instant FIXTURE_NOW = Instant.parse("2025-01-01T00:00:00Z");

    /** Files in creation order: namespaces and nodes before what lives in them. */
    static final List<String> FILES = List.of("namespaces.yaml", "nodes.yaml", "runtimeclasses.yaml", "pods.yaml",
            "kubevirt.yaml", "workloads.yaml", "failures.yaml", "events.yaml", "isolation.yaml");

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    private ClusterFixtures() {
    }

    /**
     * All fixture objects, timestamps moved to {@code now}. Read as generic resources: the
     * typed model is not needed to seed the store, and loading its classes would double the
     * lab's cold start.
     */
    static List<GenericKubernetesResource> load(Instant now) {
        Duration shift = Duration.between(FIXTURE_NOW, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (String file : FILES) {
            GenericKubernetesResource list = loadFile(file);
            Object items = list.getAdditionalProperties().get("items");
            if (!(items instanceof List<?> l)) {
                throw new IllegalStateException("fixture " + file + " is not a kind: List");
            }
            for (Object item : l) {
                shiftTimestamps(item, shift);
                out.add(Serialization.jsonMapper().convertValue(item, GenericKubernetesResource.class));
            }
        }
        return out;
    }

    static GenericKubernetesResource loadFile(String file) {
        try (InputStream in = ClusterFixtures.class.getResourceAsStream("cluster/" + file)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + file + " is missing from the lab's jar");
            }
            return Serialization.unmarshal(in, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void shiftTimestamps(Object node, Duration shift) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                Object v = e.getValue();
                if (v instanceof String s && TIMESTAMP.matcher(s).matches()) {
                    e.setValue(moved(s, shift));
                } else {
                    shiftTimestamps(v, shift);
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                shiftTimestamps(o, shift);
            }
        }
    }

    private static String moved(String s, Duration shift) {
        try {
            return Instant.parse(s).plus(shift).toString();
        } catch (DateTimeParseException e) {
            return s;
        }
    }
}
