package dev.wharf.lab;

import static dev.wharf.lab.ClusterFixturesTest.ALL;
import static dev.wharf.lab.ClusterFixturesTest.kind;
import static dev.wharf.lab.ClusterFixturesTest.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The failure situations of the seeded cluster carry what a kubelet, the scheduler and the
 * controllers write, so that "why is it failing?" has an answer in the objects themselves; and
 * every "owned by" leads to an object that exists.
 */
class FailureFixturesTest {

    static Pod pod(String name) {
        return of(Pod.class).stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    static ContainerStatus status(Pod p, String container) {
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container)).findFirst()
                .orElseThrow();
    }

    @Test
    void anImagePullBackOffNamesTheImageAndThePullError() {
        ContainerStatus c = status(pod("payments-5b8c7d9f4-kq2vx"), "payments");
        assertThat(c.getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
        assertThat(c.getState().getWaiting().getMessage())
                .startsWith("Back-off pulling image \"registry.example/payments:2.3.1\": ErrImagePull: ")
                .endsWith("registry.example/payments:2.3.1: not found");
        assertThat(c.getImage()).isEqualTo("registry.example/payments:2.3.1");
    }

    @Test
    void aCrashLoopKeepsTheLastTerminationAndAnOomKillItsExitCode() {
        ContainerStatus crash = status(pod("image-resizer-84c6d9f7b-97xxx"), "image-resizer");
        assertThat(crash.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(crash.getState().getWaiting().getMessage()).startsWith("back-off 5m0s restarting failed container");
        assertThat(crash.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(crash.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(crash.getLastState().getTerminated().getFinishedAt()).isNotBlank();
        assertThat(crash.getRestartCount()).isGreaterThan(0);

        Pod oom = pod("nightly-rollup-28926840-8xk2p");
        assertThat(oom.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(status(oom, "rollup").getState().getTerminated().getReason()).isEqualTo("OOMKilled");
        assertThat(status(oom, "rollup").getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(oom.getSpec().getContainers().get(0).getResources().getLimits()).containsKey("memory");
    }

    @Test
    void aFailingInitContainerHoldsThePodInitialising() {
        Pod p = pod("search-0");
        ContainerStatus init = p.getStatus().getInitContainerStatuses().get(0);
        assertThat(init.getName()).isEqualTo("config-check");
        assertThat(init.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(init.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(status(p, "opensearch").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(p.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Initialized"))
                .extracting(PodCondition::getStatus, PodCondition::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("False", "ContainersNotInitialized"));
    }

    @Test
    void aPendingPodSaysWhyTheSchedulerCannotPlaceIt() {
        PodCondition scheduled = pod("ingest-api-59d8c7b6f4-6n9rt").getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        assertThat(scheduled.getStatus()).isEqualTo("False");
        assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
        assertThat(scheduled.getMessage()).startsWith("0/4 nodes are available: 1 node(s) had untolerated taint {")
                .contains("3 Insufficient memory. preemption: ");
    }

    @Test
    void aNodeUnderMemoryPressureIsTaintedAndAnUnreachableOneToo() {
        Map<String, Node> nodes = of(Node.class).stream().collect(Collectors.toMap(n -> n.getMetadata().getName(),
                n -> n));
        Node w1 = nodes.get("worker-01");
        assertThat(w1.getStatus().getConditions()).filteredOn(c -> c.getType().equals("MemoryPressure"))
                .extracting(c -> c.getStatus() + " " + c.getReason()).containsExactly("True KubeletHasInsufficientMemory");
        assertThat(w1.getSpec().getTaints()).extracting(t -> t.getKey() + ":" + t.getEffect())
                .containsExactly("node.kubernetes.io/memory-pressure:NoSchedule");
        assertThat(nodes.get("worker-03").getSpec().getTaints()).extracting(t -> t.getKey())
                .contains("node.kubernetes.io/unreachable");
    }

    @Test
    void everyOwnerReferenceLeadsToAnObjectThatExistsUpToItsTopController() {
        Map<String, GenericKubernetesResource> byUid = ALL.stream().filter(r -> r.getMetadata().getUid() != null)
                .collect(Collectors.toMap(r -> r.getMetadata().getUid(), r -> r, (a, b) -> a));
        Set<String> chains = new java.util.TreeSet<>();
        for (GenericKubernetesResource r : ALL) {
            List<OwnerReference> owners = r.getMetadata().getOwnerReferences();
            if (owners == null) {
                continue;
            }
            for (OwnerReference o : owners) {
                GenericKubernetesResource owner = byUid.get(o.getUid());
                assertThat(owner).as("the owner %s %s of %s %s", o.getKind(), o.getName(), r.getKind(),
                        r.getMetadata().getName()).isNotNull();
                assertThat(owner.getKind()).isEqualTo(o.getKind());
                assertThat(owner.getMetadata().getName()).isEqualTo(o.getName());
                assertThat(owner.getApiVersion()).isEqualTo(o.getApiVersion());
                if (!"Node".equals(o.getKind())) {
                    assertThat(owner.getMetadata().getNamespace()).isEqualTo(r.getMetadata().getNamespace());
                }
                chains.add(r.getKind() + "→" + o.getKind());
            }
        }
        assertThat(chains).contains("Pod→ReplicaSet", "ReplicaSet→Deployment", "Pod→DaemonSet", "Pod→StatefulSet",
                "Pod→Job", "Job→CronJob", "Pod→VirtualMachineInstance", "VirtualMachineInstance→VirtualMachine");
        // a rollout in progress: two ReplicaSets of one Deployment, the new one's pod failing
        assertThat(kind("ReplicaSet")).filteredOn(rs -> rs.getMetadata().getOwnerReferences().get(0).getName()
                .equals("payments")).hasSize(2);
    }

    @Test
    void aDisruptionBudgetProtectsTheStorefront() {
        GenericKubernetesResource pdb = kind("PodDisruptionBudget").get(0);
        assertThat(pdb.getMetadata().getName()).isEqualTo("storefront");
        assertThat((Object) pdb.get("spec", "selector", "matchLabels", "app")).isEqualTo("storefront");
        assertThat(of(Pod.class)).filteredOn(p -> "storefront".equals(p.getMetadata().getLabels().get("app")))
                .hasSize(((Number) pdb.get("spec", "minAvailable")).intValue());
        assertThat((Object) pdb.get("status", "disruptionsAllowed")).isEqualTo(0);
    }

    @Test
    void eventsTellTheSituationsStoriesAboutObjectsThatExist() {
        Map<String, GenericKubernetesResource> byUid = ALL.stream().filter(r -> r.getMetadata().getUid() != null)
                .collect(Collectors.toMap(r -> r.getMetadata().getUid(), r -> r, (a, b) -> a));
        List<Event> events = of(Event.class);
        for (Event e : events) {
            String uid = e.getInvolvedObject().getUid();
            Optional<GenericKubernetesResource> about = "Node".equals(e.getInvolvedObject().getKind())
                    ? ALL.stream().filter(r -> r.getKind().equals("Node")
                            && r.getMetadata().getName().equals(e.getInvolvedObject().getName())).findFirst()
                    : Optional.ofNullable(byUid.get(uid));
            assertThat(about).as("the object of event %s %s", e.getReason(), e.getInvolvedObject().getName()).isPresent();
            assertThat(about.get().getMetadata().getName()).isEqualTo(e.getInvolvedObject().getName());
            assertThat(e.getCount()).isPositive();
            assertThat(e.getType()).isIn("Normal", "Warning");
            assertThat(e.getFirstTimestamp().compareTo(e.getLastTimestamp())).isLessThanOrEqualTo(0);
        }
        assertThat(events).extracting(Event::getReason).contains("FailedScheduling", "BackOff", "Pulling", "Failed",
                "OOMKilling", "Started", "Scheduled", "Migrating", "BackoffLimitExceeded", "NodeNotReady");
        assertThat(events).filteredOn(e -> e.getReason().equals("Failed")).extracting(Event::getMessage)
                .anyMatch(m -> m.startsWith("Failed to pull image \"registry.example/payments:2.3.1\": "));
    }
}
