package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The seeded cluster is consistent: what the lab's users and the libvirt half rely on. */
class ClusterFixturesTest {

    static final List<GenericKubernetesResource> ALL = ClusterFixtures.load(Instant.parse("2030-06-01T12:00:00Z"));

    /** The fixtures of one typed kind (Node, Pod, RuntimeClass), as the typed model reads them. */
    static <T extends HasMetadata> List<T> of(Class<T> type) {
        String kind = type.getSimpleName();
        return ALL.stream().filter(r -> r.getKind().equals(kind))
                .map(r -> Serialization.jsonMapper().convertValue(r, type)).toList();
    }

    static List<GenericKubernetesResource> kind(String kind) {
        return ALL.stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    @Test
    void vmNodesCarryTheLibvirtDomainsUuidsAndTheOthersMatchNoDomain() {
        Map<String, String> uuidByNode = of(Node.class).stream().collect(Collectors.toMap(
                n -> n.getMetadata().getName(), n -> n.getStatus().getNodeInfo().getSystemUUID()));
        assertThat(uuidByNode).containsOnlyKeys("metal-01", "worker-01", "worker-02", "worker-03",
                "edge-01", "tenant-vm-01", "gpu-01");
        for (LabHosts.HostDomain d : LabHosts.NODE_VMS) {
            assertThat(uuidByNode).containsEntry(d.name(), d.uuid().toString());
        }
        Set<String> domainUuids = LabHosts.NODE_VMS.stream().map(d -> d.uuid().toString()).collect(Collectors.toSet());
        for (String other : List.of("metal-01", "edge-01", "tenant-vm-01", "gpu-01")) {
            assertThat(uuidByNode.get(other)).as(other).isNotIn(domainUuids);
        }
    }

    @Test
    void runtimeClassesAreThoseKataDeployAndGvisorInstall() {
        Map<String, RuntimeClass> rc = of(RuntimeClass.class).stream()
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
        assertThat(rc.get("gvisor").getHandler()).isEqualTo("runsc");
        for (String kata : List.of("kata-qemu", "kata-clh", "kata-fc")) {
            assertThat(rc.get(kata).getHandler()).isEqualTo(kata);
            assertThat(rc.get(kata).getOverhead().getPodFixed()).containsKeys("cpu", "memory");
            assertThat(rc.get(kata).getScheduling().getNodeSelector())
                    .containsEntry("katacontainers.io/kata-runtime", "true");
        }
    }

    @Test
    void podsMixContainersAndMicroVmsInSeveralPhases() {
        List<Pod> pods = of(Pod.class);
        assertThat(pods.size()).isBetween(55, 70);
        Map<String, Long> byRuntime = pods.stream().collect(Collectors.groupingBy(
                p -> p.getSpec().getRuntimeClassName() == null ? "runc" : p.getSpec().getRuntimeClassName(),
                Collectors.counting()));
        assertThat(byRuntime).containsKeys("runc", "kata-qemu", "kata-clh", "kata-fc", "gvisor");
        assertThat(pods).extracting(p -> p.getStatus().getPhase()).contains("Running", "Pending", "Succeeded");
        assertThat(pods.stream().flatMap(p -> p.getStatus().getContainerStatuses() == null ? java.util.stream.Stream.empty()
                : p.getStatus().getContainerStatuses().stream())
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .map(c -> c.getState().getWaiting().getReason()))
                .contains("CrashLoopBackOff", "ImagePullBackOff");
        // kata pods only where kata-deploy labelled the node
        Set<String> kataNodes = of(Node.class).stream()
                .filter(n -> "true".equals(n.getMetadata().getLabels().get("katacontainers.io/kata-runtime")))
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        pods.stream().filter(p -> p.getSpec().getRuntimeClassName() != null
                        && p.getSpec().getRuntimeClassName().startsWith("kata") && p.getSpec().getNodeName() != null)
                .forEach(p -> assertThat(kataNodes).contains(p.getSpec().getNodeName()));
    }

    @Test
    void everyVmiHasItsVmAndLauncherPodsPointAtTheirVmi() {
        List<GenericKubernetesResource> vms = kind("VirtualMachine");
        List<GenericKubernetesResource> vmis = kind("VirtualMachineInstance");
        assertThat(vms.size()).isBetween(5, 8);
        assertThat(vms).extracting(v -> v.get("spec", "runStrategy").toString())
                .contains("Always", "Halted", "Manual", "RerunOnFailure");
        Map<String, String> vmUids = vms.stream().collect(Collectors.toMap(v -> v.getMetadata().getName(),
                v -> v.getMetadata().getUid()));
        for (GenericKubernetesResource vmi : vmis) {
            assertThat(vmi.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(vmUids.get(vmi.getMetadata().getName()));
            List<Pod> launchers = of(Pod.class).stream().filter(p -> vmi.getMetadata().getUid()
                    .equals(p.getMetadata().getLabels().get("kubevirt.io/created-by"))).toList();
            assertThat(launchers).as("launchers of %s", vmi.getMetadata().getName()).isNotEmpty()
                    .allSatisfy(p -> {
                        assertThat(p.getMetadata().getLabels()).containsEntry("kubevirt.io", "virt-launcher");
                        assertThat(p.getMetadata().getOwnerReferences().get(0).getUid())
                                .isEqualTo(vmi.getMetadata().getUid());
                    });
            Object active = vmi.get("status", "activePods");
            if (active instanceof Map<?, ?> m) {
                assertThat(launchers).extracting(p -> p.getMetadata().getUid()).containsAll(
                        m.keySet().stream().map(String::valueOf).toList());
            }
        }
        assertThat(kind("VirtualMachineInstanceMigration")).hasSize(1);
    }

    @Test
    void timestampsAreMovedToTheLoadTime() {
        Node metal = of(Node.class).stream().filter(n -> n.getMetadata().getName().equals("metal-01")).findFirst()
                .orElseThrow();
        assertThat(ServerTables.age(metal.getMetadata().getCreationTimestamp(), Instant.parse("2030-06-01T12:00:00Z")))
                .isEqualTo("41d");
    }
}
