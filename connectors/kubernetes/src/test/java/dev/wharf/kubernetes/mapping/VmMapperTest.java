package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmMapperTest {
    private final Ids ids = new Ids("k8s:test");

    private static GenericKubernetesResource load(String f) {
        return Fixtures.load(f, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withPrintableStatus(GenericKubernetesResource vm, String s) {
        ((Map<String, Object>) vm.getAdditionalProperties().get("status")).put("printableStatus", s);
        return vm;
    }

    @Test
    void runningVmAndItsVmiAreOneItem() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora.yaml"), null, Permissions.ALL);
        assertThat(vm.id()).isEqualTo(Item.idOf("k8s:test", Kind.VM, "vms", "fedora-1"));
        assertThat(vm.kind()).isEqualTo(Kind.VM);
        assertThat(vm.isolation()).isEqualTo(Isolation.VM);
        assertThat(vm.runtime()).isEqualTo("kubevirt");
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.on()).isEqualTo("k8s:test|node/node-a");
        assertThat(vm.uuid()).isEqualTo("5d3b4c2a-1111-4e8b-9c0d-0123456789ab");
        assertThat(vm.properties()).containsEntry("Run strategy", "Always").containsEntry("vCPUs", "2")
                .containsEntry("Memory", "2Gi").containsEntry("Guest OS", "Fedora Linux 41 (Cloud Edition)")
                .containsEntry("IPs", "10.1.0.41").doesNotContainKeys("Migrating from", "Migrating to");
        assertThat(vm.actions()).containsExactlyInAnyOrder(Action.STOP, Action.RESTART, Action.PAUSE, Action.MIGRATE);
        assertThat(vm.consoles()).as("a running VMI with KubeVirt's default graphics device")
                .containsExactly(ConsoleType.SERIAL, ConsoleType.VNC);
        Item vmiOnly = VmMapper.map(ids, null, load("vmi-fedora.yaml"), null, Permissions.ALL);
        assertThat(vmiOnly.id()).as("same id for the VM and its VMI").isEqualTo(vm.id());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVmiWithoutGraphicsDeviceOffersOnlyTheSerialConsole() {
        GenericKubernetesResource vmi = load("vmi-fedora.yaml");
        Map<String, Object> domain = (Map<String, Object>) ((Map<String, Object>) vmi.getAdditionalProperties()
                .get("spec")).get("domain");
        ((Map<String, Object>) domain.computeIfAbsent("devices", k -> new java.util.LinkedHashMap<>()))
                .put("autoattachGraphicsDevice", false);
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), vmi, null, Permissions.ALL);
        assertThat(vm.consoles()).containsExactly(ConsoleType.SERIAL);
    }

    @ParameterizedTest(name = "printableStatus {0} → {1}")
    @CsvSource({
            "Stopped, STOPPED", "Provisioning, STARTING", "Starting, STARTING", "Running, RUNNING",
            "Paused, PAUSED", "Stopping, STOPPING", "Terminating, STOPPING", "Migrating, MIGRATING",
            "WaitingForVolumeBinding, PENDING", "ErrorUnschedulable, FAILED", "ErrImagePull, FAILED",
            "ImagePullBackOff, FAILED", "CrashLoopBackOff, FAILED", "DataVolumeError, FAILED",
            "ErrorPvcNotFound, FAILED", "Unknown, UNKNOWN",
    })
    void stateFollowsPrintableStatus(String printable, State state) {
        Item vm = VmMapper.map(ids, withPrintableStatus(load("vm-fedora.yaml"), printable), null, null, Permissions.ALL);
        assertThat(vm.state()).isEqualTo(state);
        assertThat(vm.status()).isEqualTo(printable);
        assertThat(vm.consoles()).as("no VMI, no serial console").isEmpty();
    }

    @Test
    void stoppedVmCanOnlyStart() {
        Item vm = VmMapper.map(ids, load("vm-stopped.yaml"), null, null, Permissions.ALL);
        assertThat(vm.state()).isEqualTo(State.STOPPED);
        assertThat(vm.actions()).containsExactly(Action.START);
        assertThat(vm.on()).isNull();
        assertThat(vm.uuid()).as("from the template when there is no VMI").isEqualTo("aaaaaaaa-2222-4e8b-9c0d-0123456789ab");
        assertThat(vm.properties()).containsEntry("vCPUs", "4").containsEntry("Memory", "8Gi")
                .containsEntry("Run strategy", "Halted");
    }

    @SuppressWarnings("unchecked")
    @Test
    void pausedVmiMakesAPausedVmThatCanResumeButNotPauseOrMigrate() {
        GenericKubernetesResource vmi = load("vmi-fedora.yaml");
        ((Map<String, Object>) vmi.getAdditionalProperties().get("status"))
                .put("conditions", List.of(Map.of("type", "Paused", "status", "True")));
        Item vm = VmMapper.map(ids, withPrintableStatus(load("vm-fedora.yaml"), "Paused"), vmi, null, Permissions.ALL);
        assertThat(vm.state()).isEqualTo(State.PAUSED);
        assertThat(vm.actions()).contains(Action.RESUME).doesNotContain(Action.PAUSE, Action.MIGRATE, Action.START);
    }

    @Test
    void migrationInProgressShowsSourceAndTarget() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora-migrating.yaml"),
                load("migration-fedora.yaml"), Permissions.ALL);
        assertThat(vm.state()).isEqualTo(State.MIGRATING);
        assertThat(vm.status()).isEqualTo("Migrating");
        assertThat(vm.properties()).containsEntry("Migrating from", "node-a").containsEntry("Migrating to", "node-b");
        assertThat(vm.actions()).doesNotContain(Action.MIGRATE, Action.START);
    }

    @Test
    void migrationObjectAloneAlsoMeansMigrating() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora.yaml"), load("migration-fedora.yaml"),
                Permissions.ALL);
        assertThat(vm.state()).isEqualTo(State.MIGRATING);
        assertThat(vm.properties()).containsEntry("Migrating to", "node-b");
    }

    @Test
    void bareVmiIsAVmItemToo() {
        Item vm = VmMapper.map(ids, null, load("vmi-bare.yaml"), null, Permissions.ALL);
        assertThat(vm.id()).isEqualTo(Item.idOf("k8s:test", Kind.VM, "vms", "scratch"));
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.on()).isEqualTo("k8s:test|node/node-b");
        assertThat(vm.actions()).containsExactlyInAnyOrder(Action.PAUSE, Action.DELETE);
        assertThat(vm.properties()).containsEntry("VM object", "none (bare VMI)");
    }

    @Test
    void deniedMigrateIsLeftOutWithTheReason() {
        Item vm = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora.yaml"), null,
                (ns, a, k) -> a != Action.MIGRATE);
        assertThat(vm.actions()).doesNotContain(Action.MIGRATE).contains(Action.STOP);
        assertThat(vm.properties()).containsEntry("Not permitted", "migrate (RBAC)");
    }

    @Test
    void hostDiskVolumesAndTheTenantAreFacts() {
        Item vm = VmMapper.map(ids, load("vm-hostdisk.yaml"), null, null, Permissions.ALL,
                new dev.wharf.inventory.Tenant("data-team", "wharf.dev/tenant"));
        assertThat(vm.facet(dev.wharf.inventory.VmHostDisks.class).orElseThrow().disks()).containsExactly(
                new dev.wharf.inventory.VmHostDisks.HostDisk("scratch", "/var/lib/legacy/scratch.img", "DiskOrCreate"));
        assertThat(vm.facet(dev.wharf.inventory.Tenant.class))
                .contains(new dev.wharf.inventory.Tenant("data-team", "wharf.dev/tenant"));
        Item plain = VmMapper.map(ids, load("vm-fedora.yaml"), load("vmi-fedora.yaml"), null, Permissions.ALL);
        assertThat(plain.facet(dev.wharf.inventory.VmHostDisks.class)).as("no hostDisk").isEmpty();
        assertThat(plain.facet(dev.wharf.inventory.Tenant.class)).contains(dev.wharf.inventory.Tenant.ofNamespace("vms"));
    }
}
