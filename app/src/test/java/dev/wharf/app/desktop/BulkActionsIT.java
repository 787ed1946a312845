package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.settings.ConnectionsStore;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.views.theme.ThemeController;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Bulk actions in the desktop window against fabric8's CRUD mock through the real Kubernetes
 * connector: several VMs selected with Ctrl clicks in the table, ONE confirmation, one PUT per VM,
 * and a summary that counts the one the server refused (409).
 */
@ExtendWith(ApplicationExtension.class)
class BulkActionsIT {
    private static final String SUB = "/apis/subresources.kubevirt.io/v1/namespaces/vms/";
    private static final String SRC = "k8s:mock";
    private static final List<String> NAMES = List.of("fedora-1", "fedora-2", "fedora-3", "fedora-4");
    private static final ResourceDefinitionContext VMS = kubevirt("VirtualMachine", "virtualmachines");
    private static final ResourceDefinitionContext VMIS = kubevirt("VirtualMachineInstance", "virtualmachineinstances");

    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private Inventory inventory;
    private DesktopSources sources;
    private DesktopWindow window;

    private static ResourceDefinitionContext kubevirt(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The server and its objects, before the FX setup (which has a time limit this slow machine may need). */
    @BeforeAll
    static void serve() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        for (ResourceDefinitionContext c : List.of(VMS, VMIS,
                kubevirt("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations"))) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(c.getGroup())
                    .withVersion(c.getVersion()).withPlural(c.getPlural()).withKind(c.getKind())
                    .withScope("Namespaced").build());
        }
        server.expect().get().withPath("/version").andReturn(200, "{\"major\":\"1\",\"minor\":\"31\","
                + "\"gitVersion\":\"v1.31.0\"}").always();
        server.expect().get().withPath("/api").andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}")
                .always();
        server.init(InetAddress.getLoopbackAddress(), 0);
        for (String n : NAMES.subList(0, 3)) {
            server.expect().put().withPath(SUB + "virtualmachines/" + n + "/stop").andReturn(202, "").always();
        }
        // the API server's answer when another client changed the VM first
        server.expect().put().withPath(SUB + "virtualmachines/fedora-4/stop").andReturn(409,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"Operation cannot be fulfilled on virtualmachine.kubevirt.io \\\"fedora-4\\\": "
                        + "VM is already stopping\",\"reason\":\"Conflict\",\"code\":409}").always();
        client = clientFor(server);
        client.nodes().resource(load("node-a.yaml", Node.class)).create();
        int k = 0;
        for (String n : NAMES) {
            k++;
            GenericKubernetesResource vm = load("vm-fedora.yaml", GenericKubernetesResource.class);
            vm.getMetadata().setName(n);
            vm.getMetadata().setUid("vm-uid-" + k);
            client.genericKubernetesResources(VMS).inNamespace("vms").resource(vm).create();
            GenericKubernetesResource vmi = load("vmi-fedora.yaml", GenericKubernetesResource.class);
            vmi.getMetadata().setName(n);
            vmi.getMetadata().setUid("vmi-uid-" + k);
            vmi.getMetadata().getOwnerReferences().get(0).setName(n);
            vmi.getMetadata().getOwnerReferences().get(0).setUid("vm-uid-" + k);
            @SuppressWarnings("unchecked")
            Map<String, Object> firmware = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    vmi.getAdditionalProperties().get("spec")).get("domain")).get("firmware");
            firmware.put("uuid", "5D3B4C2A-1111-4E8B-9C0D-00000000000" + k);
            client.genericKubernetesResources(VMIS).inNamespace("vms").resource(vmi).create();
        }
    }

    @Start
    void start(Stage stage) throws Exception {

        inventory = new Inventory();
        sources = new DesktopSources(inventory, CredentialPrompt.NONE);
        KubernetesConnection conn = new KubernetesConnection("mock", client, inventory);
        sources.addStarted(List.of(conn), null);
        conn.start();
        window = new DesktopWindow(stage, inventory, sources,
                new ConnectionsStore(Files.createTempDirectory("wharf-bulk-it").resolve("connections.json")),
                new DesktopConnectionSupport(CredentialPrompt.NONE), new ThemeController(false), null, null);
        stage.setWidth(1240);
        stage.setHeight(780);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        window.close();
        sources.close();
        inventory.close();
    }

    @AfterAll
    static void stopServing() {
        client.close();
        server.destroy();
    }

    private static KubernetesClient clientFor(KubernetesMockServer server) {
        Config base;
        try (NamespacedKubernetesClient c = server.createClient()) {
            base = c.getConfiguration();
        }
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000).withRequestTimeout(5_000).build()).build();
    }

    private static <T> T load(String name, Class<T> type) throws Exception {
        try (InputStream in = BulkActionsIT.class.getResourceAsStream("/desktop/" + name)) {
            return Serialization.unmarshal(in, type);
        }
    }

    private static void waitUntil(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> requestsTo(String prefix) throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().startsWith(prefix)) {
                out.add(r.getMethod() + " " + r.getPath());
            }
        }
        return out;
    }

    private TableRow<?> row(FxRobot robot, String name) {
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof Item i && i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }

    @Test
    void ctrlClickedVmsAreStoppedAfterOneConfirmationAndTheSummaryCountsTheConflict(FxRobot robot) throws Exception {
        waitUntil("four running VMs that accept stop", () -> NAMES.stream().allMatch(n -> window.viewModel()
                .item(Item.idOf(SRC, Kind.VM, "vms", n)).map(i -> i.accepts(dev.wharf.inventory.Action.STOP)).orElse(false)));
        robot.interact(() -> window.main().showTable());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(row(robot, "fedora-1"));
        robot.press(KeyCode.CONTROL);
        try {
            for (String n : NAMES.subList(1, 4)) {
                robot.clickOn(row(robot, n));
            }
        } finally {
            robot.release(KeyCode.CONTROL);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.viewModel().selectedItems()).extracting(Item::name).containsExactlyInAnyOrderElementsOf(NAMES);
        // the details summarise the selection
        assertThat(robot.lookup("#summary-title").queryLabeled().getText()).isEqualTo("4 selected");
        requestsTo("/"); // drop what the connector asked so far

        robot.clickOn("#selection-actions #action-stop");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".bulk-confirm").queryAll()).as("ONE confirmation").hasSize(1);
        Label header = robot.lookup(".bulk-confirm .header-panel .label").queryAs(Label.class);
        assertThat(header.getText()).isEqualTo("Stop 4 VMs?");
        ListView<?> targets = robot.lookup("#bulk-targets").queryAs(ListView.class);
        assertThat(targets.getItems()).extracting(Object::toString)
                .containsExactlyInAnyOrder("VM  vms/fedora-1", "VM  vms/fedora-2", "VM  vms/fedora-3", "VM  vms/fedora-4");
        assertThat(requestsTo(SUB)).as("nothing sent before confirming").isEmpty();

        robot.clickOn("#bulk-go");
        waitUntil("the summary", () -> robot.lookup(".toast-error").tryQuery().isPresent());
        String summary = robot.lookup(".toast-error .toast-message").queryAs(Label.class).getText();
        assertThat(summary).startsWith("3 stopped, 1 refused: fedora-4 (")
                .contains("VM is already stopping");
        assertThat(robot.lookup(".toast-error .toast-title").queryAs(Label.class).getText()).isEqualTo("Stop 4 items");
        assertThat(requestsTo(SUB)).as("one PUT per VM").containsExactlyInAnyOrder(
                "PUT " + SUB + "virtualmachines/fedora-1/stop", "PUT " + SUB + "virtualmachines/fedora-2/stop",
                "PUT " + SUB + "virtualmachines/fedora-3/stop", "PUT " + SUB + "virtualmachines/fedora-4/stop");
        assertThat(robot.lookup(".bulk-confirm").tryQuery()).as("the confirmation is gone").isEmpty();
        assertThat(window.viewModel().busy()).isEmpty();
    }
}
