package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMapperTest {
    private final Ids ids = new Ids("k8s:test");

    private Item map(String file, String name, boolean classesReadable) {
        Pod pod = Fixtures.named(file, Pod.class, name);
        String rcName = pod.getSpec().getRuntimeClassName();
        RuntimeClass rc = rcName == null ? null : Fixtures.list("runtimeclasses.yaml", RuntimeClass.class).stream()
                .filter(r -> r.getMetadata().getName().equals(rcName)).findFirst().orElse(null);
        return PodMapper.map(ids, pod, classesReadable ? rc : null, classesReadable, Permissions.ALL);
    }

    @ParameterizedTest(name = "{0} (class {1}) → {2}/{3}, runtime {4}")
    @CsvSource({
            "qemu-1,      kata-qemu,      MICROVM, MICROVM,   kata-qemu",
            "clh-1,       kata-clh,       MICROVM, MICROVM,   kata-clh",
            "fc-1,        fast-boot,      MICROVM, MICROVM,   kata-fc",
            "aws-fc-1,    firecracker,    MICROVM, MICROVM,   aws.firecracker",
            "gvisor-1,    gvisor,         MICROVM, SANDBOX,   runsc",
            "untrusted-1, untrusted,      MICROVM, SANDBOX,   runsc",
            "lookalike-1, kata-lookalike, POD,     CONTAINER, runc",
    })
    void classifiesByRuntimeClassHandlerNotName(String pod, String className, Kind kind, Isolation isolation,
                                                String runtime) {
        Item i = map("microvm-pods.yaml", pod, true);
        assertThat(i.kind()).isEqualTo(kind);
        assertThat(i.isolation()).isEqualTo(isolation);
        assertThat(i.runtime()).isEqualTo(runtime);
        assertThat(i.id()).isEqualTo(Item.idOf("k8s:test", kind, "sandbox", pod));
        assertThat(i.properties()).containsEntry("RuntimeClass", className).doesNotContainKey("Classification");
    }

    @Test
    void missingRuntimeClassIsAGuessFromTheNameAndSaysSo() {
        Item i = map("microvm-pods.yaml", "missing-1", true);
        assertThat(i.kind()).isEqualTo(Kind.MICROVM);
        assertThat(i.isolation()).isEqualTo(Isolation.MICROVM);
        assertThat(i.runtime()).isEqualTo("kata-gone");
        assertThat(i.properties().get("Classification")).contains("guessed").contains("kata-gone").contains("not found");
    }

    @Test
    void unreadableRuntimeClassesAreAGuessToo() {
        Item i = map("microvm-pods.yaml", "gvisor-1", false);
        assertThat(i.isolation()).isEqualTo(Isolation.SANDBOX);
        assertThat(i.properties().get("Classification")).contains("guessed").contains("not readable");
        Item lookalike = map("microvm-pods.yaml", "lookalike-1", false);
        assertThat(lookalike.kind()).as("the name is all we have").isEqualTo(Kind.MICROVM);
    }

    @Test
    void runningPodWithoutRuntimeClassIsAContainerPod() {
        Item i = map("pods.yaml", "web-1", true);
        assertThat(i.kind()).isEqualTo(Kind.POD);
        assertThat(i.isolation()).isEqualTo(Isolation.CONTAINER);
        assertThat(i.runtime()).isEqualTo("runc");
        assertThat(i.state()).isEqualTo(State.RUNNING);
        assertThat(i.status()).isEqualTo("Running");
        assertThat(i.on()).isEqualTo("k8s:test|node/node-a");
        assertThat(i.namespace()).isEqualTo("shop");
        assertThat(i.owner()).isNull();
        assertThat(i.listedByDefault()).isTrue();
        assertThat(i.created()).hasToString("2026-11-01T10:00:00Z");
        assertThat(i.properties()).containsEntry("Containers", "2/2 ready").containsEntry("Restarts", "3")
                .containsEntry("IP", "10.1.0.7").containsEntry("QoS", "Burstable").doesNotContainKey("RuntimeClass");
        assertThat(i.actions()).containsExactly(Action.DELETE);
        assertThat(i.consoles()).containsExactlyInAnyOrder(ConsoleType.EXEC, ConsoleType.ATTACH);
    }

    @ParameterizedTest(name = "{0} → {1} ({2})")
    @CsvSource({
            "pending-1,  PENDING,   Pending",
            "creating-1, STARTING,  ContainerCreating",
            "crash-1,    FAILED,    CrashLoopBackOff",
            "job-1,      SUCCEEDED, Completed",
            "failed-1,   FAILED,    Evicted",
            "leaving-1,  STOPPING,  Terminating",
    })
    void stateFollowsPhaseAndContainers(String pod, State state, String status) {
        Item i = map("pods.yaml", pod, true);
        assertThat(i.state()).isEqualTo(state);
        assertThat(i.status()).isEqualTo(status);
        assertThat(i.consoles()).isEmpty();
    }

    @Test
    void unscheduledPodIsOnNothingAndTerminatingPodCannotBeDeletedAgain() {
        assertThat(map("pods.yaml", "pending-1", true).on()).isNull();
        assertThat(map("pods.yaml", "leaving-1", true).actions()).isEmpty();
    }

    @Test
    void virtLauncherPodBelongsToItsVmAndIsHidden() {
        Item i = PodMapper.map(ids, Fixtures.load("launcher-pod.yaml", Pod.class), null, true, Permissions.ALL);
        assertThat(i.owner()).isEqualTo(Item.idOf("k8s:test", Kind.VM, "vms", "fedora-1"));
        assertThat(i.listedByDefault()).isFalse();
    }

    @Test
    void deniedDeleteIsLeftOutWithTheReason() {
        Pod pod = Fixtures.named("pods.yaml", Pod.class, "web-1");
        Item i = PodMapper.map(ids, pod, null, true, (ns, a, k) -> a != Action.DELETE);
        assertThat(i.actions()).isEmpty();
        assertThat(i.properties()).containsEntry("Not permitted", "delete (RBAC)");
    }
}
