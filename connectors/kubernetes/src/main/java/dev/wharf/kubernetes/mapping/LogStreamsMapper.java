package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** The logs a pod or a KubeVirt VM offers (pure; the {@link LogStreams} facet). */
public final class LogStreamsMapper {
    /** kubectl's annotation naming a pod's default container. */
    public static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";
    /** The virt-launcher container holding the guest's serial console log (KubeVirt ≥ 1.1; an init container since 1.6). */
    public static final String GUEST_CONSOLE_LOG = "guest-console-log";
    /** The virt-launcher container running libvirt and QEMU. */
    public static final String COMPUTE = "compute";

    private LogStreamsMapper() {
    }

    /**
     * A pod's containers in kubectl's order (containers, init containers, ephemeral containers);
     * the default as kubectl picks it: the annotation when it names a container, else the first.
     */
    public static LogStreams ofPod(Pod pod) {
        List<LogStream> streams = new ArrayList<>();
        if (pod.getSpec() != null) {
            for (Container c : nonNull(pod.getSpec().getContainers())) {
                streams.add(new LogStream(c.getName(), LogStream.Type.CONTAINER));
            }
            for (Container c : nonNull(pod.getSpec().getInitContainers())) {
                streams.add(new LogStream(c.getName(), LogStream.Type.INIT_CONTAINER));
            }
            for (EphemeralContainer c : nonNull(pod.getSpec().getEphemeralContainers())) {
                streams.add(new LogStream(c.getName(), LogStream.Type.EPHEMERAL_CONTAINER));
            }
        }
        String annotated = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(DEFAULT_CONTAINER_ANNOTATION);
        String first = streams.stream().filter(s -> s.type() == LogStream.Type.CONTAINER)
                .map(LogStream::name).findFirst().orElse(null);
        boolean annotationValid = annotated != null && streams.stream().anyMatch(s -> s.name().equals(annotated));
        return new LogStreams(streams, annotationValid ? annotated : first, "");
    }

    /**
     * A VM's guest console log (its default) and its launcher's {@code compute} container; the note
     * says when the VM turned its guest console log off and how to turn it on.
     */
    public static LogStreams ofVm(GenericKubernetesResource vm, GenericKubernetesResource vmi) {
        Object off = vmi != null ? Fields.at(vmi.getAdditionalProperties(), "spec", "domain", "devices", "logSerialConsole")
                : vm == null ? null
                : Fields.at(vm.getAdditionalProperties(), "spec", "template", "spec", "domain", "devices", "logSerialConsole");
        String note = "";
        if (Boolean.FALSE.equals(off)) {
            String name = (vm != null ? vm : vmi).getMetadata().getName();
            note = "the guest console log of " + name + " is off (spec.template.spec.domain.devices.logSerialConsole: false):"
                    + " set it to true and restart the VM to keep it; the launcher's log is there (-c " + COMPUTE + ")";
        }
        return new LogStreams(List.of(new LogStream(GUEST_CONSOLE_LOG, LogStream.Type.GUEST_CONSOLE),
                new LogStream(COMPUTE, LogStream.Type.HYPERVISOR)), GUEST_CONSOLE_LOG, note);
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

}
