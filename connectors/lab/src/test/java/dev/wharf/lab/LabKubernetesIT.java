package dev.wharf.lab;

import static dev.wharf.lab.LabTesting.eventually;
import static dev.wharf.lab.LabTesting.get;
import static dev.wharf.lab.LabTesting.kubectl;
import static dev.wharf.lab.LabTesting.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's Kubernetes half as a user meets it: kubectl against it, KubeVirt's lifecycle
 * subresources (effects seen by fabric8 watches and informers, 409s with KubeVirt's messages).
 */
class LabKubernetesIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final ResourceDefinitionContext VM = new ResourceDefinitionContext.Builder().withGroup("kubevirt.io")
            .withVersion("v1").withKind("VirtualMachine").withPlural("virtualmachines").withNamespaced(true).build();
    static final ResourceDefinitionContext VMI = new ResourceDefinitionContext.Builder().withGroup("kubevirt.io")
            .withVersion("v1").withKind("VirtualMachineInstance").withPlural("virtualmachineinstances")
            .withNamespaced(true).build();
    static final ResourceDefinitionContext VMIM = new ResourceDefinitionContext.Builder().withGroup("kubevirt.io")
            .withVersion("v1").withKind("VirtualMachineInstanceMigration")
            .withPlural("virtualmachineinstancemigrations").withNamespaced(true).build();

    static Lab lab;
    static KubernetesClient client;
    @TempDir
    static Path kubectlCache;

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

    static String vmPath(String ns, String name, String action) {
        return "/apis/subresources.kubevirt.io/v1/namespaces/" + ns + "/virtualmachines/" + name + "/" + action;
    }

    static String vmiPath(String ns, String name, String action) {
        return "/apis/subresources.kubevirt.io/v1/namespaces/" + ns + "/virtualmachineinstances/" + name + "/" + action;
    }

    static GenericKubernetesResource vm(String ns, String name) {
        return client.genericKubernetesResources(VM).inNamespace(ns).withName(name).get();
    }

    static GenericKubernetesResource vmi(String ns, String name) {
        return client.genericKubernetesResources(VMI).inNamespace(ns).withName(name).get();
    }

    static String printable(String ns, String name) {
        GenericKubernetesResource vm = vm(ns, name);
        return vm == null ? null : Objects.toString(vm.get("status", "printableStatus"), null);
    }

    @Test
    void kubectlSeesTheHybridCluster() throws Exception {
        LabTesting.requireKubectl();
        String nodes = kubectl(lab, kubectlCache, "get", "nodes");
        assertThat(nodes).contains("metal-01", "worker-01", "worker-02", "worker-03", "NotReady", "control-plane",
                "edge-01", "tenant-vm-01", "gpu-01");

        String pods = kubectl(lab, kubectlCache, "get", "pods", "-A");
        assertThat(pods).contains("kube-system", "etcd-metal-01", "virt-launcher-legacy-erp-", "postgres-0",
                "CrashLoopBackOff", "Pending", "ImagePullBackOff", "Completed", "OOMKilled", "Init:CrashLoopBackOff");
        assertThat(pods.lines().count() - 1).as("pods listed").isBetween(55L, 75L);

        String vms = kubectl(lab, kubectlCache, "get", "vm", "-A");
        assertThat(vms).contains("legacy-erp", "win-pos", "feature-store", "etl-worker", "build-vm-huge",
                "Running", "Stopped", "Paused", "ErrorUnschedulable"); // Migrating: LabMigrationsIT

        String vmis = kubectl(lab, kubectlCache, "get", "vmi", "-A");
        assertThat(vmis).contains("legacy-erp", "runner-vm", "Running", "Scheduling");

        String rcs = kubectl(lab, kubectlCache, "get", "runtimeclass");
        assertThat(rcs).contains("kata-qemu", "kata-clh", "kata-fc", "gvisor", "runsc");

        LabTesting.Result unknown = LabTesting.kubectlResult(lab, kubectlCache, "get", "frobnicators");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("doesn't have a resource type");
    }

    @Test
    void kubectlExecRunsCommandsInPods() throws Exception {
        LabTesting.requireKubectl();
        assertThat(kubectl(lab, kubectlCache, "exec", "-n", "shop", "postgres-0", "--", "uname", "-a"))
                .contains("Linux postgres-0");
        String gvisorPod = client.pods().inNamespace("shop").withLabel("app", "payments").list().getItems().get(0)
                .getMetadata().getName();
        assertThat(kubectl(lab, kubectlCache, "exec", "-n", "shop", gvisorPod, "--", "uname", "-r").strip())
                .as("gVisor reports its own kernel").isEqualTo("4.4.0");
        LabTesting.Result missing = LabTesting.kubectlResult(lab, kubectlCache, "exec", "-n", "shop", "postgres-0",
                "--", "frobnicate");
        assertThat(missing.code()).isNotZero();
    }

    @Test
    void startAndStopChangeVmVmiAndLauncherPodAsKubeVirtDoes() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(VM)
                .inNamespace("shop").withName("cache-vm").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                        seen.add(Objects.toString(obj.get("status", "printableStatus")));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                        seen.add(Objects.toString(newObj.get("status", "printableStatus")));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean unknown) {
                    }
                }, 0);
        try {
            eventually(WAIT, "informer synced", informer::hasSynced);
            assertThat(printable("shop", "cache-vm")).isEqualTo("Stopped");

            HttpResponse<String> start = put(lab, vmPath("shop", "cache-vm", "start"), "{}");
            assertThat(start.statusCode()).isEqualTo(202);
            assertThat(printable("shop", "cache-vm")).isEqualTo("Starting");
            eventually(WAIT, "cache-vm Running", () -> "Running".equals(printable("shop", "cache-vm")));
            GenericKubernetesResource vm = vm("shop", "cache-vm");
            assertThat(vm.get("spec", "runStrategy").toString()).as("Manual stays Manual").isEqualTo("Manual");
            GenericKubernetesResource vmi = vmi("shop", "cache-vm");
            assertThat(vmi.get("status", "phase").toString()).isEqualTo("Running");
            String node = vmi.get("status", "nodeName").toString();
            List<Pod> launchers = client.pods().inNamespace("shop")
                    .withLabel("kubevirt.io/created-by", vmi.getMetadata().getUid()).list().getItems();
            assertThat(launchers).hasSize(1);
            Pod launcher = launchers.get(0);
            assertThat(launcher.getMetadata().getName()).startsWith("virt-launcher-cache-vm-");
            assertThat(launcher.getMetadata().getLabels()).containsEntry("kubevirt.io", "virt-launcher");
            assertThat(launcher.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(vmi.getMetadata().getUid());
            assertThat(launcher.getSpec().getNodeName()).isEqualTo(node);
            assertThat(launcher.getStatus().getPhase()).isEqualTo("Running");
            @SuppressWarnings("unchecked")
            Map<String, Object> active = (Map<String, Object>) vmi.get("status", "activePods");
            assertThat(active).containsEntry(launcher.getMetadata().getUid(), node);
            assertThat((Object) vmi.get("status", "interfaces", 0, "ipAddress")).isEqualTo(launcher.getStatus().getPodIP());

            HttpResponse<String> again = put(lab, vmPath("shop", "cache-vm", "start"), "{}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("VM is already running");

            HttpResponse<String> stop = put(lab, vmPath("shop", "cache-vm", "stop"), "{}");
            assertThat(stop.statusCode()).isEqualTo(202);
            eventually(WAIT, "cache-vm Stopped", () -> "Stopped".equals(printable("shop", "cache-vm")));
            assertThat(vmi("shop", "cache-vm")).isNull();
            assertThat(client.pods().inNamespace("shop").withName(launcher.getMetadata().getName()).get()).isNull();

            HttpResponse<String> stopAgain = put(lab, vmPath("shop", "cache-vm", "stop"), "{}");
            assertThat(stopAgain.statusCode()).isEqualTo(409);
            assertThat(stopAgain.body()).contains("VM is not running");
            HttpResponse<String> restartStopped = put(lab, vmPath("shop", "cache-vm", "restart"), "{}");
            assertThat(restartStopped.statusCode()).isEqualTo(409);
            assertThat(restartStopped.body()).contains("VM is not running");

            eventually(WAIT, "informer saw the whole sequence",
                    () -> seen.containsAll(List.of("Starting", "Running", "Stopping", "Stopped")));
            assertThat(seen.indexOf("Starting")).isLessThan(seen.indexOf("Running"));
            assertThat(seen.lastIndexOf("Stopping")).isLessThan(seen.lastIndexOf("Stopped"));
        } finally {
            informer.close();
        }
    }

    @Test
    void aSeededNodeCanBeCordonedAndUncordonedWithAMergePatch() {
        var merge = io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
        try {
            assertThat(client.nodes().withName("worker-03").patch(merge, "{\"spec\":{\"unschedulable\":true}}")
                    .getSpec().getUnschedulable()).isTrue();
            assertThat(client.nodes().withName("worker-03").get().getSpec().getUnschedulable()).isTrue();
        } finally {
            client.nodes().withName("worker-03").patch(merge, "{\"spec\":{\"unschedulable\":null}}");
        }
        assertThat(client.nodes().withName("worker-03").get().getSpec().getUnschedulable()).isNull();
    }

    @Test
    void startTurnsHaltedIntoAlwaysAndStopTurnsItBack() throws Exception {
        assertThat(vm("shop", "win-pos").get("spec", "runStrategy").toString()).isEqualTo("Halted");
        assertThat(put(lab, vmPath("shop", "win-pos", "start"), "{}").statusCode()).isEqualTo(202);
        assertThat(vm("shop", "win-pos").get("spec", "runStrategy").toString()).isEqualTo("Always");
        eventually(WAIT, "win-pos Running", () -> "Running".equals(printable("shop", "win-pos")));
        assertThat(put(lab, vmPath("shop", "win-pos", "stop"), "{}").statusCode()).isEqualTo(202);
        assertThat(vm("shop", "win-pos").get("spec", "runStrategy").toString()).isEqualTo("Halted");
        eventually(WAIT, "win-pos Stopped", () -> "Stopped".equals(printable("shop", "win-pos")));
    }

    @Test
    void pauseAndUnpauseWithTheirConflicts() throws Exception {
        assertThat(printable("ci", "runner-vm")).isEqualTo("Running");
        assertThat(put(lab, vmiPath("ci", "runner-vm", "pause"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "runner-vm Paused", () -> "Paused".equals(printable("ci", "runner-vm")));
        HttpResponse<String> twice = put(lab, vmiPath("ci", "runner-vm", "pause"), "{}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("VMI is already paused");

        assertThat(put(lab, vmiPath("ci", "runner-vm", "unpause"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "runner-vm Running", () -> "Running".equals(printable("ci", "runner-vm")));
        HttpResponse<String> notPaused = put(lab, vmiPath("ci", "runner-vm", "unpause"), "{}");
        assertThat(notPaused.statusCode()).isEqualTo(409);
        assertThat(notPaused.body()).contains("VMI is not paused");

        HttpResponse<String> noVmi = put(lab, vmiPath("shop", "no-such-vm", "pause"), "{}");
        assertThat(noVmi.statusCode()).isEqualTo(404);
    }

    @Test
    void restartReplacesTheVmi() throws Exception {
        String before = vmi("analytics", "feature-store").getMetadata().getUid();
        assertThat(printable("analytics", "feature-store")).isEqualTo("Paused");
        assertThat(put(lab, vmPath("analytics", "feature-store", "restart"), "{}").statusCode()).isEqualTo(202);
        eventually(WAIT, "feature-store Running with a new VMI", () -> {
            GenericKubernetesResource vmi = vmi("analytics", "feature-store");
            return "Running".equals(printable("analytics", "feature-store")) && vmi != null
                    && !vmi.getMetadata().getUid().equals(before);
        });
    }

    @Test
    void migrateMovesTheVmiToAnotherNode() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Watch watch = client.genericKubernetesResources(VMIM).inNamespace("shop").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.add(action + " " + resource.get("status", "phase"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            GenericKubernetesResource vmi = vmi("shop", "legacy-erp");
            String source = vmi.get("status", "nodeName").toString();
            assertThat(put(lab, vmPath("shop", "legacy-erp", "migrate"), "{}").statusCode()).isEqualTo(202);
            assertThat(printable("shop", "legacy-erp")).isEqualTo("Migrating");
            HttpResponse<String> busy = put(lab, vmPath("shop", "legacy-erp", "migrate"), "{}");
            assertThat(busy.statusCode()).isEqualTo(409);
            assertThat(busy.body()).contains("already migrating");
            eventually(WAIT, "legacy-erp moved", () -> {
                GenericKubernetesResource now = vmi("shop", "legacy-erp");
                return !source.equals(now.get("status", "nodeName")) && "Running".equals(printable("shop", "legacy-erp"));
            });
            GenericKubernetesResource moved = vmi("shop", "legacy-erp");
            String target = moved.get("status", "nodeName").toString();
            assertThat((Object) moved.get("status", "migrationState", "completed")).isEqualTo(true);
            List<Pod> launchers = client.pods().inNamespace("shop")
                    .withLabel("kubevirt.io/created-by", moved.getMetadata().getUid()).list().getItems();
            assertThat(launchers).extracting(p -> p.getSpec().getNodeName() + " " + p.getStatus().getPhase())
                    .contains(target + " Running", source + " Succeeded");
            eventually(WAIT, "the migration's events", () -> events.contains("MODIFIED Succeeded"));
            assertThat(events).as("KubeVirt's phases, in order")
                    .containsSubsequence("ADDED Pending", "MODIFIED Scheduling", "MODIFIED Scheduled",
                            "MODIFIED PreparingTarget", "MODIFIED TargetReady", "MODIFIED Running", "MODIFIED Succeeded");
            assertThat((Object) moved.get("status", "migrationState", "sourceNode")).isEqualTo(source);
            assertThat((Object) moved.get("status", "migrationState", "targetNode")).isEqualTo(target);
            assertThat((Object) moved.get("status", "migrationState", "startTimestamp")).isNotNull();
            assertThat((Object) moved.get("status", "migrationState", "endTimestamp")).isNotNull();
            HttpResponse<String> stopped = put(lab, vmPath("shop", "no-such-vm", "migrate"), "{}");
            assertThat(stopped.statusCode()).isEqualTo(404);
        } finally {
            watch.close();
        }
    }

    @Test
    void discoveryAnswersWhatKubectlAsks() throws Exception {
        assertThat(get(lab, "/version").body()).contains("\"gitVersion\"");
        assertThat(get(lab, "/apis").body()).contains("kubevirt.io", "subresources.kubevirt.io", "node.k8s.io", "apps");
        assertThat(get(lab, "/apis/apps/v1").body()).contains("\"deployments\"", "\"replicasets\"", "\"statefulsets\"",
                "\"daemonsets\"");
        assertThat(get(lab, "/apis/batch/v1").body()).contains("\"jobs\"", "\"cronjobs\"");
        assertThat(get(lab, "/apis/policy/v1").body()).contains("\"poddisruptionbudgets\"", "\"pdb\"");
        assertThat(get(lab, "/api/v1").body()).contains("\"pods/eviction\"", "\"Eviction\"");
        assertThat(get(lab, "/apis/kubevirt.io/v1").body()).contains("\"virtualmachines\"", "\"vm\"");
        assertThat(get(lab, "/api/v1").body()).contains("\"pods/exec\"");
        assertThat(get(lab, "/apis/example.com/v1/widgets").statusCode()).isEqualTo(404);
    }
}
