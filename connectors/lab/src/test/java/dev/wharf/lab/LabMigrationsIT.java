package dev.wharf.lab;

import static dev.wharf.lab.LabKubernetesIT.VM;
import static dev.wharf.lab.LabKubernetesIT.VMI;
import static dev.wharf.lab.LabKubernetesIT.VMIM;
import static dev.wharf.lab.LabTesting.eventually;
import static dev.wharf.lab.LabTesting.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live migrations in the lab progress and end as KubeVirt's do: the seeded one completes, a
 * target node can be chosen with {@code addedNodeSelector}, an impossible choice fails with the
 * scheduler's reason, deleting a running migration cancels it; each with its events.
 */
class LabMigrationsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static Lab lab;
    static KubernetesClient client;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        client = lab.client();
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    static GenericKubernetesResource vm(String ns, String name) {
        return client.genericKubernetesResources(VM).inNamespace(ns).withName(name).get();
    }

    static GenericKubernetesResource vmi(String ns, String name) {
        return client.genericKubernetesResources(VMI).inNamespace(ns).withName(name).get();
    }

    static GenericKubernetesResource migration(String ns, String name) {
        return client.genericKubernetesResources(VMIM).inNamespace(ns).withName(name).get();
    }

    static String printable(String ns, String name) {
        return Objects.toString(vm(ns, name).get("status", "printableStatus"), null);
    }

    static String migrationOf(String ns, String vmName) {
        return client.genericKubernetesResources(VMIM).inNamespace(ns).withLabel("kubevirt.io/vmi-name", vmName).list()
                .getItems().stream().map(m -> m.getMetadata().getName()).filter(n -> !n.startsWith("kubevirt-evacuation-"))
                .findFirst().orElse(null);
    }

    static List<String> eventReasons(String ns, String involvedName) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }

    static String migrate(String ns, String name, String body) throws Exception {
        assertThat(put(lab, LabKubernetesIT.vmPath(ns, name, "migrate"), body).statusCode()).isEqualTo(202);
        String[] found = new String[1];
        eventually(WAIT, "the migration of " + name, () -> (found[0] = migrationOf(ns, name)) != null);
        return found[0];
    }

    @Test
    void theSeededMigrationCompletesInsteadOfMigratingForever() throws Exception {
        eventually(WAIT, "etl-worker's evacuation done", () ->
                "Succeeded".equals(migration("analytics", "kubevirt-evacuation-ncwgl").get("status", "phase")));
        GenericKubernetesResource vmi = vmi("analytics", "etl-worker");
        assertThat((Object) vmi.get("status", "nodeName")).isEqualTo("worker-02");
        assertThat((Object) vmi.get("status", "migrationState", "completed")).isEqualTo(true);
        assertThat((Object) vmi.get("status", "migrationState", "endTimestamp")).isNotNull();
        eventually(WAIT, "etl-worker Running", () -> "Running".equals(printable("analytics", "etl-worker")));
        assertThat(eventReasons("analytics", "etl-worker")).contains("Migrating", "Migrated");
    }

    @Test
    void addedNodeSelectorPicksTheTarget() throws Exception {
        assertThat((Object) vmi("shop", "legacy-erp").get("status", "nodeName")).isEqualTo("metal-01");
        String m = migrate("shop", "legacy-erp", "{\"addedNodeSelector\":{\"kubernetes.io/hostname\":\"worker-02\"}}");
        assertThat((Object) migration("shop", m).get("spec", "addedNodeSelector", "kubernetes.io/hostname"))
                .isEqualTo("worker-02");
        eventually(WAIT, "legacy-erp on worker-02", () -> "Succeeded".equals(migration("shop", m).get("status", "phase")));
        GenericKubernetesResource vmi = vmi("shop", "legacy-erp");
        assertThat((Object) vmi.get("status", "nodeName")).isEqualTo("worker-02");
        assertThat((Object) vmi.get("status", "migrationState", "sourceNode")).isEqualTo("metal-01");
        assertThat((Object) vmi.get("status", "migrationState", "targetNode")).isEqualTo("worker-02");
        Pod target = client.pods().inNamespace("shop")
                .withName(vmi.get("status", "migrationState", "targetPod").toString()).get();
        assertThat(target.getSpec().getNodeSelector()).containsEntry("kubernetes.io/hostname", "worker-02");
        assertThat(target.getStatus().getPhase()).isEqualTo("Running");
        eventually(WAIT, "legacy-erp Running", () -> "Running".equals(printable("shop", "legacy-erp")));
        assertThat(eventReasons("shop", "legacy-erp")).contains("PreparingTarget", "Migrating", "Migrated");
    }

    @Test
    void anImpossibleSelectorFailsTheMigrationWithTheSchedulersReason() throws Exception {
        GenericKubernetesResource before = vmi("ci", "runner-vm");
        String source = before.get("status", "nodeName").toString();
        String m = migrate("ci", "runner-vm", "{\"addedNodeSelector\":{\"kubernetes.io/hostname\":\"no-such-node\"}}");
        eventually(WAIT, "the migration failed", () -> "Failed".equals(migration("ci", m).get("status", "phase")));
        GenericKubernetesResource vmi = vmi("ci", "runner-vm");
        assertThat((Object) vmi.get("status", "nodeName")).as("the VMI stays on its source").isEqualTo(source);
        assertThat((Object) vmi.get("status", "migrationState", "failed")).isEqualTo(true);
        assertThat(vmi.get("status", "migrationState", "failureReason").toString())
                .contains("unschedulable", "didn't match Pod's node affinity/selector");
        assertThat(client.pods().inNamespace("ci").withLabel("kubevirt.io/created-by", vmi.getMetadata().getUid())
                .list().getItems()).extracting(p -> p.getSpec().getNodeName()).containsExactly(source);
        eventually(WAIT, "runner-vm Running again", () -> "Running".equals(printable("ci", "runner-vm")));
        assertThat(eventReasons("ci", m)).contains("FailedMigration");
        assertThat(eventReasons("ci", "runner-vm")).contains("MigrationFailed");
    }

    @Test
    void deletingARunningMigrationCancelsIt() throws Exception {
        assertThat(put(lab, LabKubernetesIT.vmPath("shop", "cache-vm", "start"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "cache-vm Running", () -> "Running".equals(printable("shop", "cache-vm")));
        String source = vmi("shop", "cache-vm").get("status", "nodeName").toString();
        List<String> seen = new CopyOnWriteArrayList<>();
        Watch watch = client.genericKubernetesResources(VMIM).inNamespace("shop").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if ("cache-vm".equals(resource.get("spec", "vmiName"))) {
                    seen.add(action + " " + resource.get("status", "phase"));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            String m = migrate("shop", "cache-vm", "{}");
            eventually(WAIT, "the migration under way", () -> {
                GenericKubernetesResource mig = migration("shop", m);
                return mig != null && List.of("Scheduled", "PreparingTarget", "TargetReady", "Running")
                        .contains(Objects.toString(mig.get("status", "phase")));
            });
            client.genericKubernetesResources(VMIM).inNamespace("shop").withName(m).delete();
            eventually(WAIT, "the migration gone", () -> migration("shop", m) == null);
            eventually(WAIT, "the watch saw the abort and the removal: " + seen,
                    () -> seen.contains("MODIFIED Failed") && seen.get(seen.size() - 1).startsWith("DELETED"));
            GenericKubernetesResource vmi = vmi("shop", "cache-vm");
            assertThat((Object) vmi.get("status", "nodeName")).as("the VMI stays on its source").isEqualTo(source);
            assertThat((Object) vmi.get("status", "migrationState", "abortStatus")).isEqualTo("Succeeded");
            assertThat((Object) vmi.get("status", "migrationState", "failed")).isEqualTo(true);
            assertThat(client.pods().inNamespace("shop").withLabel("kubevirt.io/created-by", vmi.getMetadata().getUid())
                    .list().getItems()).extracting(p -> p.getSpec().getNodeName() + " " + p.getStatus().getPhase())
                    .containsExactly(source + " Running");
            assertThat(printable("shop", "cache-vm")).isEqualTo("Running");
            assertThat(eventReasons("shop", "cache-vm")).contains("MigrationFailed");
        } finally {
            watch.close();
        }
    }

    @Test
    void startAndStopLeaveTheEventsARealClusterWould() throws Exception {
        assertThat(put(lab, LabKubernetesIT.vmPath("shop", "win-pos", "start"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "win-pos Running", () -> "Running".equals(printable("shop", "win-pos")));
        assertThat(put(lab, LabKubernetesIT.vmPath("shop", "win-pos", "stop"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "win-pos Stopped", () -> "Stopped".equals(printable("shop", "win-pos")));
        assertThat(eventReasons("shop", "win-pos")).contains("SuccessfulCreate", "Started", "SuccessfulDelete",
                "ShuttingDown");
        List<Event> launcher = client.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().startsWith("virt-launcher-win-pos-")).toList();
        assertThat(launcher).extracting(Event::getReason).contains("Scheduled", "Started", "Killing");
        assertThat(launcher).allSatisfy(e -> {
            assertThat(e.getFirstTimestamp()).isNotBlank();
            assertThat(e.getCount()).isPositive();
            assertThat(e.getSource().getComponent()).isNotBlank();
        });
    }
}
