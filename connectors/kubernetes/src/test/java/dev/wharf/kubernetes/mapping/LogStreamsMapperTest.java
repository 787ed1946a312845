package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class LogStreamsMapperTest {

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").endContainer().addNewContainer().withName("envoy")
                .endContainer().addNewInitContainer().withName("migrate").endInitContainer()
                .addNewEphemeralContainer().withName("debugger-x7").endEphemeralContainer().endSpec();
    }

    @Test
    void aPodOffersEachContainerInKubectlsOrderAndDefaultsToTheFirst() {
        LogStreams l = LogStreamsMapper.ofPod(pod().build());
        assertThat(l.streams()).extracting(LogStream::label)
                .containsExactly("nginx", "envoy", "migrate (init)", "debugger-x7 (ephem)");
        assertThat(l.defaultStream()).isEqualTo("nginx");
    }

    @Test
    void theDefaultContainerAnnotationWinsWhenItNamesAContainer() {
        Pod annotated = pod().editMetadata().addToAnnotations("kubectl.kubernetes.io/default-container", "envoy")
                .endMetadata().build();
        assertThat(LogStreamsMapper.ofPod(annotated).defaultStream()).isEqualTo("envoy");
        Pod wrong = pod().editMetadata().addToAnnotations("kubectl.kubernetes.io/default-container", "gone")
                .endMetadata().build();
        assertThat(LogStreamsMapper.ofPod(wrong).defaultStream()).isEqualTo("nginx");
    }
}
