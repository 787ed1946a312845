package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.NodePlacement.Placement;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.IsolationAnalysis;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.IsolationSettings;
import dev.wharf.isolation.NodeReport;
import dev.wharf.isolation.Rule;
import dev.wharf.isolation.Rules;
import dev.wharf.kubernetes.KubernetesConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab is worth auditing on a bare machine: its cluster (Kubernetes half alone, no libvirt)
 * carries a realistic case of every isolation rule, clean nodes too, and nodes whose placement
 * comes from each kind of evidence the Kubernetes API gives.
 */
class LabIsolationIT {
    static Lab lab;
    static Inventory inventory;
    static KubernetesConnection connection;
    static IsolationReport report;

    @BeforeAll
    static void auditTheLab() throws Exception {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        inventory = new Inventory(Runnable::run);
        connection = new KubernetesConnection("lab", lab.client(), inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(60))).as("initial sync").isTrue();
        report = IsolationAnalysis.analyse(inventory.snapshot().items(), IsolationSettings.DEFAULT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(10));
        }
        if (lab != null) {
            lab.close();
        }
    }

    static NodeReport node(String name) {
        return report.node(Item.idOf("k8s:lab", Kind.NODE, null, name)).orElseThrow();
    }

    @Test
    void everyRuleHasACaseInTheLab() {
        assertThat(report.findings().stream().map(Finding::rule).collect(Collectors.toSet()))
                .containsAll(Rules.ALL.stream().map(Rule::id).toList());
    }

    @Test
    void cleanNodesStayCleanAndTheGpuNodeCarriesTheCases() {
        assertThat(node("edge-01").findings()).as("payments in containers, research in microVMs").isEmpty();
        assertThat(node("tenant-vm-01").findings()).as("two namespaces of one tenant").isEmpty();
        assertThat(node("tenant-vm-01").kernels().get(0).tenants()).containsExactly("payments");
        Map<String, Long> gpu = node("gpu-01").findings().stream()
                .collect(Collectors.groupingBy(Finding::rule, Collectors.counting()));
        assertThat(gpu).containsOnlyKeys("privileged-on-shared-kernel", "sensitive-host-path", "privileged-sandbox",
                "host-namespace", "dangerous-capability", "tenants-share-kernel", "vm-host-disk", "host-port",
                "nested-virtualization");
        assertThat(node("gpu-01").kernels().get(0).tenants()).containsExactly("payments", "research");
    }

    @Test
    void placementsFromTheirEvidenceAndUnknownWithoutAny() {
        assertThat(node("edge-01").placement().placement()).isEqualTo(Placement.BARE_METAL);
        assertThat(node("edge-01").placement().evidence()).contains("Node Feature Discovery");
        assertThat(node("tenant-vm-01").placement().placement()).isEqualTo(Placement.VM);
        assertThat(node("tenant-vm-01").placement().evidence()).contains("kubevirt://tenant-clusters/tenant-vm-01");
        assertThat(node("gpu-01").placement().placement()).isEqualTo(Placement.VM);
        assertThat(node("gpu-01").placement().evidence()).contains("cpu-cpuid.HYPERVISOR=true");
        assertThat(node("metal-01").placement().placement()).isEqualTo(Placement.BARE_METAL);
        // without the lab's libvirt half nothing says where the workers run
        for (String w : List.of("worker-01", "worker-02", "worker-03")) {
            assertThat(node(w).placement().placement()).as(w).isEqualTo(Placement.UNKNOWN);
            assertThat(node(w).placement().evidence()).as(w).startsWith("no libvirt domain Wharf sees has its system UUID");
        }
    }

    @Test
    void aMissingRuntimeClassIsFoundOnAPodWaitingForANode() {
        assertThat(report.findings()).filteredOn(f -> f.rule().equals("runtimeclass-missing")).singleElement()
                .satisfies(f -> {
                    assertThat(f.node()).isNull();
                    assertThat(f.message()).contains("kata-legacy");
                });
    }
}
