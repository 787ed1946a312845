package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.MigrationProgress;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesList;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A VM's conditions, its printableStatus explained, and a migration's progress, from fixtures. */
class VmDiagnoserTest {
    static final Instant NOW = Instant.parse("2026-11-01T12:03:30Z");
    private final Ids ids = new Ids("k8s:test");

    private static GenericKubernetesResource named(String kind, String name) {
        return Fixtures.load("explain-vms.yaml", KubernetesList.class).getItems().stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .map(o -> (GenericKubernetesResource) o).findFirst().orElseThrow();
    }

    private static GenericKubernetesResource load(String file) {
        return Fixtures.load(file, GenericKubernetesResource.class);
    }

    private static String sentence(Item vm) {
        return vm.facet(Diagnosis.class).map(d -> d.sentence(NOW)).orElse(null);
    }

    @Test
    void errorUnschedulableSaysWhyNoNodeFits() {
        Item vm = VmMapper.map(ids, named("VirtualMachine", "big-vm"), null, null, Permissions.ALL);
        assertThat(sentence(vm)).isEqualTo("ErrorUnschedulable: no node can run its pod: 0/4 nodes are available: "
                + "4 Insufficient memory. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.");
    }

    @Test
    void crashLoopNamesTheFailure() {
        Item vm = VmMapper.map(ids, named("VirtualMachine", "crashing-vm"), null, null, Permissions.ALL);
        assertThat(sentence(vm)).isEqualTo("CrashLoopBackOff: it keeps failing to start; KubeVirt waits longer before "
                + "each new try: virt-launcher pod failed: container compute exited with code 1.");
    }

    @Test
    void vmAndVmiConditionsAreBothShownWithTheirMessages() {
        Item vm = VmMapper.map(ids, named("VirtualMachine", "paused-vm"), named("VirtualMachineInstance", "paused-vm"),
                null, Permissions.ALL);
        assertThat(sentence(vm)).isEqualTo("Paused: the guest is paused: VMI was paused by user.");
        Conditions c = vm.facet(Conditions.class).orElseThrow();
        assertThat(c.list()).extracting(Condition::of, Condition::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("VirtualMachine", "Ready"),
                org.assertj.core.groups.Tuple.tuple("VirtualMachine", "Paused"),
                org.assertj.core.groups.Tuple.tuple("VirtualMachineInstance", "Ready"),
                org.assertj.core.groups.Tuple.tuple("VirtualMachineInstance", "Paused"),
                org.assertj.core.groups.Tuple.tuple("VirtualMachineInstance", "LiveMigratable"),
                org.assertj.core.groups.Tuple.tuple("VirtualMachineInstance", "AgentConnected"));
        assertThat(c.get("LiveMigratable").orElseThrow().message()).contains("PVC rootdisk is not shared");
    }

    @Test
    void migrationProgressWithCancel() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora-migrating.yaml"),
                load("migration-fedora.yaml"), Permissions.ALL);
        MigrationProgress m = vm.facet(MigrationProgress.class).orElseThrow();
        assertThat(m).isEqualTo(new MigrationProgress("fedora-1-mig-abc", "Running", "node-a", "node-b",
                Instant.parse("2026-11-01T12:00:00Z")));
        assertThat(m.elapsed(NOW)).isEqualTo(Duration.ofSeconds(210));
        assertThat(sentence(vm)).isEqualTo("Migrating from node-a to node-b (Running), started 3 minutes ago.");
        assertThat(vm.actions()).contains(Action.CANCEL_MIGRATION);
    }

    @Test
    void aRunningVmNeedsNoExplanationAndCannotCancel() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora.yaml"), null, Permissions.ALL);
        assertThat(sentence(vm)).isNull();
        assertThat(vm.actions()).doesNotContain(Action.CANCEL_MIGRATION);
    }
}
