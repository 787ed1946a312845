package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.ContainerStatus;
import dev.wharf.inventory.ContainerStatuses;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.Item;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sentence at the top of a failing pod's Overview, and the facts beneath it, from fixture pods. */
class PodDiagnoserTest {
    static final Instant NOW = Instant.parse("2026-11-01T12:02:00Z");
    private final Ids ids = new Ids("k8s:test");

    private Item map(String name) {
        return PodMapper.map(ids, Fixtures.named("explain-pods.yaml", Pod.class, name), null, true, Permissions.ALL);
    }

    private String sentence(String name) {
        return map(name).facet(Diagnosis.class).map(d -> d.sentence(NOW)).orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "payments-7f6c9d8b5-5mxkq | Container app keeps crashing: exited with code 137 (OOMKilled) 2 minutes ago; restarted 14 times, back-off 5m.",
            "pull-1 | Container web cannot pull image registry.example/web:v9 (ImagePullBackOff): rpc error: code = NotFound desc = failed to pull and unpack image \"registry.example/web:v9\": not found.",
            "pull-2 | Container web cannot pull image registry.example/web:v10 (ImagePullBackOff); the pull error is under Events.",
            "big-1 | Not scheduled: 0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient memory. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.",
            "migrate-1 | Init container migrate keeps crashing: exited with code 1 (Error) just now; restarted once, back-off 10s.",
            "secret-1 | Container app cannot start (CreateContainerConfigError): secret \"db-password\" not found.",
            "once-1 | Container task exited with code 2 (Error) 3 hours ago.",
            "evicted-1 | Pod failed (Evicted): The node was low on resource: memory. Threshold quantity: 100Mi, available: 84Mi.",
    })
    void aFailingOrWaitingPodSaysWhyInOneSentence(String pod, String expected) {
        assertThat(sentence(pod)).isEqualTo(expected);
    }

    @Test
    void runningPodsNeedNoExplanation() {
        assertThat(sentence("backup-29012345-x7k2p")).isNull();
        assertThat(sentence("db-0")).isNull();
        assertThat(map("db-0").facet(Conditions.class)).as("a healthy pod has no condition to show").isEmpty();
    }

    @Test
    void everyContainerIsListedWithItsStateReasonAndLastTermination() {
        ContainerStatuses cs = map("migrate-1").facet(ContainerStatuses.class).orElseThrow();
        assertThat(cs.list()).extracting(ContainerStatus::name, ContainerStatus::init, ContainerStatus::state,
                ContainerStatus::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("migrate", true, "waiting", "CrashLoopBackOff"),
                org.assertj.core.groups.Tuple.tuple("app", false, "waiting", "PodInitializing"));
        ContainerStatus db = map("db-0").facet(ContainerStatuses.class).orElseThrow().list().get(0);
        assertThat(db.restarts()).isEqualTo(2);
        assertThat(db.last().reason()).isEqualTo("OOMKilled");
        assertThat(db.last().exitCode()).isEqualTo(137);
        assertThat(db.last().finished()).isEqualTo(Instant.parse("2026-11-01T10:59:58Z"));
    }

    @Test
    void notTrueConditionsAreKeptWithReasonAndMessage() {
        Conditions c = map("big-1").facet(Conditions.class).orElseThrow();
        assertThat(c.get("PodScheduled").orElseThrow().reason()).isEqualTo("Unschedulable");
        assertThat(c.get("PodScheduled").orElseThrow().message()).startsWith("0/4 nodes are available");
        assertThat(map("payments-7f6c9d8b5-5mxkq").facet(Conditions.class).orElseThrow().list())
                .extracting(dev.wharf.inventory.Condition::type).containsExactly("Ready", "ContainersReady");
    }

    @Test
    void ownedByLeadsToTheController() {
        assertThat(map("payments-7f6c9d8b5-5mxkq").facet(Controller.class))
                .contains(new Controller("Deployment", "payments", "ReplicaSet payments-7f6c9d8b5"));
        assertThat(map("backup-29012345-x7k2p").facet(Controller.class))
                .contains(new Controller("CronJob", "backup", "Job backup-29012345"));
        assertThat(map("db-0").facet(Controller.class)).contains(new Controller("StatefulSet", "db", null));
        assertThat(map("pull-1").facet(Controller.class)).isEmpty();
    }

    @Test
    void restartWorkloadIsOfferedOnlyWhereRolloutRestartWorks() {
        assertThat(map("payments-7f6c9d8b5-5mxkq").actions()).contains(Action.RESTART_WORKLOAD);
        assertThat(map("db-0").actions()).contains(Action.RESTART_WORKLOAD);
        assertThat(map("backup-29012345-x7k2p").actions()).doesNotContain(Action.RESTART_WORKLOAD);
        assertThat(map("pull-1").actions()).doesNotContain(Action.RESTART_WORKLOAD);
    }

    @Test
    void backOffIsShortened() {
        assertThat(PodDiagnoser.backOff("back-off 5m0s restarting failed container=app")).isEqualTo("5m");
        assertThat(PodDiagnoser.backOff("back-off 2m40s restarting")).isEqualTo("2m40s");
        assertThat(PodDiagnoser.backOff("back-off 10s restarting")).isEqualTo("10s");
        assertThat(PodDiagnoser.backOff("something else")).isNull();
    }
}
