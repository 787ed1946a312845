package dev.wharf.lab;

import static dev.wharf.lab.LabKubernetesIT.VM;
import static dev.wharf.lab.LabTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's snapshot controller: a VirtualMachineSnapshot goes InProgress → Succeeded (readyToUse,
 * indications), the VM says which volumes a snapshot leaves out, a restore completes into a stopped
 * VM and waits, saying why, on a running one; the group is in discovery.
 */
class LabSnapshotsIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ResourceDefinitionContext SNAPSHOTS = context("VirtualMachineSnapshot", "virtualmachinesnapshots");
    static final ResourceDefinitionContext RESTORES = context("VirtualMachineRestore", "virtualmachinerestores");
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

    static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("snapshot.kubevirt.io").withVersion("v1beta1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }

    static GenericKubernetesResource object(String kind, String name, String spec) {
        return Serialization.unmarshal("{\"apiVersion\":\"snapshot.kubevirt.io/v1beta1\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\"},\"spec\":" + spec + "}",
                GenericKubernetesResource.class);
    }

    static String str(GenericKubernetesResource r, Object... path) {
        return Objects.toString(r.get(path), null);
    }

    @Test
    void aSnapshotGoesInProgressThenReadyAndTheVmSaysWhatItLeavesOut() throws Exception {
        assertThat(LabTesting.get(lab, "/apis/snapshot.kubevirt.io/v1beta1").body())
                .contains("virtualmachinesnapshots", "virtualmachinerestores");
        GenericKubernetesResource created = client.genericKubernetesResources(SNAPSHOTS).inNamespace("shop")
                .resource(object("VirtualMachineSnapshot", "erp-1",
                        "{\"source\":{\"apiGroup\":\"kubevirt.io\",\"kind\":\"VirtualMachine\",\"name\":\"legacy-erp\"}}"))
                .create();
        assertThat(str(created, "status", "phase")).isEqualTo("InProgress");
        assertThat((Object) created.get("status", "readyToUse")).isEqualTo(false);
        eventually(WAIT, "erp-1 ready", () -> Boolean.TRUE.equals(client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("shop").withName("erp-1").get().get("status", "readyToUse")));
        GenericKubernetesResource done = client.genericKubernetesResources(SNAPSHOTS).inNamespace("shop").withName("erp-1").get();
        assertThat(str(done, "status", "phase")).isEqualTo("Succeeded");
        @SuppressWarnings("unchecked") List<Object> ind = (List<Object>) done.get("status", "indications");
        assertThat(ind).containsExactly("Online", "NoGuestAgent");
        // ("status", "indications")).containsExactly("Online", "NoGuestAgent");
        assertThat(str(done, "status", "creationTime")).isNotNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) client.genericKubernetesResources(VM)
                .inNamespace("shop").withName("legacy-erp").get().get("status", "volumeSnapshotStatuses");
        assertThat(volumes).extracting(v -> v.get("name")).containsExactly("rootdisk", "cloudinitdisk");
        assertThat(volumes).allSatisfy(v -> assertThat(v.get("enabled")).isEqualTo(false))
                .allSatisfy(v -> assertThat(String.valueOf(v.get("reason"))).contains("Snapshot is not supported"));

        GenericKubernetesResource gone = client.genericKubernetesResources(SNAPSHOTS).inNamespace("shop")
                .resource(object("VirtualMachineSnapshot", "ghost-1",
                        "{\"source\":{\"apiGroup\":\"kubevirt.io\",\"kind\":\"VirtualMachine\",\"name\":\"no-such-vm\"}}"))
                .create();
        assertThat(gone).isNotNull();
        eventually(WAIT, "ghost-1 failed", () -> "Failed".equals(str(client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("shop").withName("ghost-1").get(), "status", "phase")));
        assertThat(str(client.genericKubernetesResources(SNAPSHOTS).inNamespace("shop").withName("ghost-1").get(),
                "status", "error", "message")).isEqualTo("VirtualMachine no-such-vm does not exist");
    }

    @Test
    void aRestoreNeedsAStoppedVm() throws Exception {
        for (String[] vmAndSnap : new String[][] {{"win-pos", "pos-1"}, {"legacy-erp", "erp-2"}}) {
            client.genericKubernetesResources(SNAPSHOTS).inNamespace("shop").resource(object("VirtualMachineSnapshot",
                    vmAndSnap[1], "{\"source\":{\"apiGroup\":\"kubevirt.io\",\"kind\":\"VirtualMachine\",\"name\":\""
                            + vmAndSnap[0] + "\"}}")).create();
            eventually(WAIT, vmAndSnap[1] + " ready", () -> Boolean.TRUE.equals(client.genericKubernetesResources(SNAPSHOTS)
                    .inNamespace("shop").withName(vmAndSnap[1]).get().get("status", "readyToUse")));
        }
        for (String[] r : new String[][] {{"restore-pos", "win-pos", "pos-1"}, {"restore-erp", "legacy-erp", "erp-2"}}) {
            client.genericKubernetesResources(RESTORES).inNamespace("shop").resource(object("VirtualMachineRestore", r[0],
                    "{\"target\":{\"apiGroup\":\"kubevirt.io\",\"kind\":\"VirtualMachine\",\"name\":\"" + r[1]
                            + "\"},\"virtualMachineSnapshotName\":\"" + r[2] + "\"}")).create();
        }
        eventually(WAIT, "the stopped VM's restore complete", () -> Boolean.TRUE.equals(client
                .genericKubernetesResources(RESTORES).inNamespace("shop").withName("restore-pos").get()
                .get("status", "complete")));
        eventually(WAIT, "the running VM's restore waiting", () -> {
            GenericKubernetesResource r = client.genericKubernetesResources(RESTORES).inNamespace("shop")
                    .withName("restore-erp").get();
            return Objects.toString(r.get("status", "conditions")).contains("Waiting for target VirtualMachine legacy-erp "
                    + "to be stopped");
        });
        assertThat((Object) client.genericKubernetesResources(RESTORES).inNamespace("shop").withName("restore-erp").get()
                .get("status", "complete")).isEqualTo(false);
    }
}
