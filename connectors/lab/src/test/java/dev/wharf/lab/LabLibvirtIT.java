package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.guest.TinyGuest;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The lab's libvirt half: its domains are the cluster's VM nodes (same UUIDs), with the test
 * driver and with real guests on the lab's own libvirt daemon; guests are gone after close.
 * Needs libvirt: fails in CI without it, skips elsewhere.
 */
class LabLibvirtIT {

    /** UUID → (name, active) of every domain at {@code uri}. */
    static Map<String, String> domains(String uri) throws Exception {
        Map<String, String> out = new HashMap<>();
        Connect c = new Connect(uri, true);
        try {
            for (Domain d : c.listAllDomains(0)) {
                out.put(d.getUUIDString(), d.getName() + (d.isActive() == 1 ? " active" : " inactive"));
                d.free();
            }
        } finally {
            c.close();
        }
        return out;
    }

    static Map<String, String> nodeUuids(Lab lab) {
        Map<String, String> out = new HashMap<>();
        for (Node n : lab.client().nodes().list().getItems()) {
            out.put(n.getStatus().getNodeInfo().getSystemUUID(), n.getMetadata().getName());
        }
        return out;
    }

    @Test
    void testDriverHostHoldsTheNodeVmsAndOthers() throws Exception {
        LabTesting.requireLibvirt();
        try (Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.TEST_DRIVER, 0, Duration.ofMillis(300)))) {
            assertThat(lab.libvirtUris()).singleElement().asString().startsWith("test:///");
            Map<String, String> domains = domains(lab.libvirtUris().get(0));
            Map<String, String> nodes = nodeUuids(lab);
            List<String> vmNodes = new ArrayList<>();
            nodes.forEach((uuid, name) -> {
                if (domains.containsKey(uuid)) {
                    vmNodes.add(name);
                    assertThat(domains.get(uuid)).startsWith(name + " ");
                }
            });
            assertThat(vmNodes).containsExactlyInAnyOrder("worker-01", "worker-02", "worker-03");
            assertThat(domains.values()).contains("worker-01 active", "worker-03 inactive", "nfs-store active",
                    "old-gateway inactive");
            assertThat(lab.notice()).isEmpty();
        }
    }

    @Test
    void realGuestsRunUnderTheNodesUuidsOnTheLabsOwnDaemonAndAreRemovedOnClose() throws Exception {
        LabTesting.requireLibvirt();
        requireQemuAndKernel();
        Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.EMBEDDED_QEMU, 1, Duration.ofMillis(300)));
        List<LabProcess> started;
        try {
            assertThat(lab.notice()).as("no fallback").isEmpty();
            String uri = lab.libvirtUris().get(0);
            assertThat(uri).startsWith("qemu:///system?socket=" + lab.directory());
            Map<String, String> domains = domains(uri);
            Map<String, String> nodes = nodeUuids(lab);
            assertThat(domains.keySet()).containsAll(nodes.entrySet().stream()
                    .filter(e -> e.getValue().startsWith("worker-")).map(Map.Entry::getKey).toList());
            assertThat(domains.values()).contains("worker-01 active", "worker-02 inactive", "worker-03 inactive");
            started = LabDirs.recorded(lab.directory());
            assertThat(LabDirs.guests(lab.directory())).as("one QEMU guest").hasSize(1);
            assertThat(started).as("the daemon and the guest, recorded").hasSize(2).allMatch(LabProcess::running);

            // another process reaches the lab's daemon while the lab runs
            Process virsh = new ProcessBuilder("virsh", "-c", uri, "list", "--all").redirectErrorStream(true).start();
            String listed = new String(virsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(virsh.waitFor()).as(listed).isZero();
            assertThat(listed).contains("worker-01", "running", "worker-03", "shut off");

            // the source over it lists them, and the inventory links node and VM by UUID
            Inventory inventory = new Inventory(Runnable::run);
            List<Source> sources = lab.sources(inventory);
            try {
                sources.forEach(Source::start);
                assertThat(((KubernetesConnection) sources.get(0)).awaitInitialSync(Duration.ofSeconds(30))).isTrue();
                assertThat(((LibvirtConnection) sources.get(1)).awaitInitialSync(Duration.ofSeconds(30))).isTrue();
                inventory.awaitDelivered(Duration.ofSeconds(5));
                Item vm = inventory.snapshot().items().stream()
                        .filter(i -> i.source().equals(sources.get(1).id()) && i.kind() == Kind.VM
                                && i.name().equals("worker-01"))
                        .findFirst().orElseThrow();
                assertThat(vm.carries()).as("worker-01's domain carries the node worker-01").isNotNull()
                        .contains("worker-01");
            } finally {
                sources.forEach(Source::close);
                inventory.close();
            }
        } finally {
            lab.close();
        }
        assertThat(lab.directory()).doesNotExist();
        LabTesting.eventually(Duration.ofSeconds(10), "guest and daemon gone",
                () -> started.stream().noneMatch(LabProcess::running));
    }

    @Test
    void withoutLibvirtsDaemonTheLabStillStartsOnTheTestDriverAndSaysWhy() throws Exception {
        LabTesting.requireLibvirt();
        requireQemuAndKernel();
        System.setProperty("wharf.lab.libvirtd", "/nonexistent/libvirtd");
        try (Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.EMBEDDED_QEMU, 1, Duration.ofMillis(300)))) {
            assertThat(lab.libvirtUris()).singleElement().asString().startsWith("test:///");
            assertThat(lab.notice()).contains("test driver", "libvirt's daemon is not installed (/nonexistent/libvirtd",
                    "apt install libvirt-daemon");
            assertThat(domains(lab.libvirtUris().get(0)).values()).contains("worker-01 active");
        } finally {
            System.clearProperty("wharf.lab.libvirtd");
        }
    }

    static void requireQemuAndKernel() {
        String why = TinyGuest.missingReason(TinyGuest.defaultDir());
        if (!Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))) {
            why = "qemu-system-x86_64 is not installed (apt install qemu-system-x86)";
        }
        if (why != null) {
            if (LabTesting.ci()) {
                fail("the embedded lab needs QEMU and the tiny guest in CI: " + why);
            }
            Assumptions.abort(why);
        }
    }
}
