package dev.wharf.kubernetes;

import dev.wharf.inventory.Item;
import dev.wharf.kubernetes.mapping.Ids;
import dev.wharf.kubernetes.mapping.Permissions;
import dev.wharf.kubernetes.mapping.PodMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache keeps a trimmed pod: the items Wharf makes of it must not change, and the bulk must go. */
class PodTrimTest {
    private static final String[] FILES = {"explain-drain.yaml", "explain-pods.yaml", "isolation-pods.yaml",
            "launcher-pod.yaml", "microvm-pods.yaml", "pods.yaml"};
    private final Ids ids = new Ids("k8s:test");

    static Stream<Pod> pods() throws Exception {
        List<Pod> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = PodTrimTest.class.getResourceAsStream("/fixtures/" + f)) {
                Object o = Serialization.unmarshal(in);
                List<?> items = o instanceof KubernetesList l ? l.getItems() : o instanceof List<?> l ? l : List.of(o);
                for (Object h : items) {
                    if (h instanceof Pod p) {
                        out.add(p);
                    }
                }
            }
        }
        out.add(realistic());
        assertThat(out).hasSizeGreaterThan(20);
        return out.stream();
    }

    static Pod realistic() throws Exception {
        try (InputStream in = PodTrimTest.class.getResourceAsStream("/bench/realistic-pod.json")) {
            return Serialization.unmarshal(in, Pod.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void theItemIsTheSameFromATrimmedPod(Pod pod) {
        List<RuntimeClass> classes = runtimeClasses();
        RuntimeClass rc = pod.getSpec() == null || pod.getSpec().getRuntimeClassName() == null ? null
                : classes.stream().filter(c -> c.getMetadata().getName().equals(pod.getSpec().getRuntimeClassName()))
                        .findFirst().orElse(null);
        Item full = PodMapper.map(ids, pod, rc, true, Permissions.ALL);
        Item trimmed = PodMapper.map(ids, LeanStore.trim(Serialization.clone(pod)), rc, true, Permissions.ALL);
        assertThat(trimmed).isEqualTo(full);
    }

    @Test
    void aRealisticPodLosesWhatWharfNeverReads() throws Exception {
        Pod p = LeanStore.trim(realistic());
        int before = Serialization.asJson(realistic()).length();
        int after = Serialization.asJson(p).length();
        assertThat(p.getMetadata().getManagedFields()).isNull();
        assertThat(p.getSpec().getContainers()).allSatisfy(c -> {
            assertThat(c.getEnv()).isNull();
            assertThat(c.getLivenessProbe()).isNull();
            assertThat(c.getVolumeMounts()).isEmpty(); // none is a hostPath volume
        });
        assertThat(p.getSpec().getVolumes()).isEmpty();
        // what the items and the other readers use stays
        assertThat(p.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("api", "envoy");
        assertThat(p.getSpec().getContainers().get(0).getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(p.getStatus().getContainerStatuses()).extracting(s -> s.getContainerID()).doesNotContainNull();
        assertThat(p.getStatus().getPodIP()).isEqualTo("10.244.3.17");
        assertThat(after).isLessThan(before / 3);
    }

    private static List<RuntimeClass> runtimeClasses() {
        try (InputStream in = PodTrimTest.class.getResourceAsStream("/fixtures/runtimeclasses.yaml")) {
            Object o = Serialization.unmarshal(in);
            List<?> items = o instanceof KubernetesList l ? l.getItems() : o instanceof List<?> l ? l : List.of(o);
            List<RuntimeClass> out = new ArrayList<>();
            for (Object h : items) {
                if (h instanceof RuntimeClass rc) {
                    out.add(rc);
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
