package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.settings.ConnectionsStore;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.kubernetes.KubernetesConnection;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.theme.ThemeController;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The desktop window against fabric8's CRUD mock API server, through the real Kubernetes connector. */
@ExtendWith(ApplicationExtension.class)
class DesktopWindowIT {
    private static final String SUB = "/apis/subresources.kubevirt.io/v1/namespaces/vms/";
    private static final String SRC = "k8s:mock";
    private static final ResourceDefinitionContext VMS = kubevirt("VirtualMachine", "virtualmachines");
    private static final ResourceDefinitionContext VMIS = kubevirt("VirtualMachineInstance", "virtualmachineinstances");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesClient deadClient;
    private Inventory inventory;
    private DesktopSources sources;
    private DesktopWindow window;
    private Path configDir;

    private static ResourceDefinitionContext kubevirt(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @Start
    void start(Stage stage) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        for (ResourceDefinitionContext c : List.of(VMS, VMIS,
                kubevirt("VirtualMachineInstanceMigration", "virtualmachineinstancemigrations"))) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup(c.getGroup())
                    .withVersion(c.getVersion()).withPlural(c.getPlural()).withKind(c.getKind())
                    .withScope("Namespaced").build());
        }
        // what Wharf asks before it lists (a CRUD mock serves no discovery)
        server.expect().get().withPath("/version").andReturn(200, "{\"major\":\"1\",\"minor\":\"31\","
                + "\"gitVersion\":\"v1.31.0\"}").always();
        server.expect().get().withPath("/api").andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}")
                .always();
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().put().withPath(SUB + "virtualmachines/fedora-1/stop").andReturn(202, "").always();
        server.expect().put().withPath(SUB + "virtualmachineinstances/fedora-1/pause").andReturn(409,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"Operation cannot be fulfilled: VMI is already being paused\","
                        + "\"reason\":\"Conflict\",\"code\":409}").always();
        client = clientFor(server);
        client.nodes().resource(load("node-a.yaml", Node.class)).create();
        client.pods().inNamespace("shop").resource(load("web-1.yaml", Pod.class)).create();
        client.genericKubernetesResources(VMS).inNamespace("vms")
                .resource(load("vm-fedora.yaml", GenericKubernetesResource.class)).create();
        client.genericKubernetesResources(VMIS).inNamespace("vms")
                .resource(load("vmi-fedora.yaml", GenericKubernetesResource.class)).create();

        inventory = new Inventory();
        sources = new DesktopSources(inventory, CredentialPrompt.NONE);
        KubernetesConnection conn = new KubernetesConnection("mock", client, inventory);
        sources.addStarted(List.of(conn), null);
        conn.start();
        configDir = Files.createTempDirectory("wharf-desktop-it");
        ThemeController theme = new ThemeController(false);
        window = new DesktopWindow(stage, inventory, sources, new ConnectionsStore(configDir.resolve("connections.json")),
                new DesktopConnectionSupport(CredentialPrompt.NONE), theme, null, null);
        stage.setWidth(1240);
        stage.setHeight(780);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        window.close();
        sources.close();
        if (deadClient != null) {
            deadClient.close();
        }
        client.close();
        server.destroy();
        inventory.close();
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
        try (InputStream in = DesktopWindowIT.class.getResourceAsStream("/desktop/" + name)) {
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

    private String vmId() {
        return Item.idOf(SRC, Kind.VM, "vms", "fedora-1");
    }

    private void awaitItems() throws Exception {
        waitUntil("the VM and the pod in the topology", () -> window.main().topology().model().cell(vmId()).isPresent()
                && window.main().topology().model().cell(Item.idOf(SRC, Kind.POD, "shop", "web-1")).isPresent());
    }

    private List<String> requestsTo(String prefix) throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().startsWith(prefix)) {
                out.add(r.getMethod() + " " + r.getPath() + " " + r.getBody().readUtf8());
            }
        }
        return out;
    }

    @Test
    void theClustersItemsShowInTopologyAndTableAndFiltersNarrowBoth(FxRobot robot) throws Exception {
        awaitItems();
        var topo = window.main().topology().model();
        assertThat(topo.group(Item.idOf(SRC, Kind.NODE, null, "node-a"))).isPresent();
        assertThat(topo.groupOf(vmId()).orElseThrow().title()).isEqualTo("node-a");
        robot.interact(() -> window.main().showTable());
        assertThat(window.main().table().getItems()).extracting(Item::name).contains("fedora-1", "web-1", "node-a");

        robot.interact(() -> window.viewModel().setFilter(ItemFilter.ALL.withKinds(Set.of(Kind.VM))));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.main().table().getItems()).extracting(Item::name).containsExactly("fedora-1");
        robot.interact(() -> window.main().showTopology());
        waitUntil("the filter", () -> window.main().topology().model().cellCount() == 1);
        assertThat(window.main().topology().model().cell(vmId())).isPresent();
    }

    @Test
    void aClickInTheTopologySelectsTheRowInTheTable(FxRobot robot) throws Exception {
        awaitItems();
        robot.interact(() -> window.main().topology().fit());
        WaitForAsyncUtils.waitForFxEvents();
        Point2D p = window.main().topology().pointOf(vmId()).orElseThrow();
        robot.clickOn(window.main().topology().localToScreen(p));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.viewModel().selected().name()).isEqualTo("fedora-1");
        robot.interact(() -> window.main().showTable());
        assertThat(window.main().table().getSelectionModel().getSelectedItem().name()).isEqualTo("fedora-1");
    }

    @Test
    void stopAsksForConfirmationThenSendsThePut(FxRobot robot) throws Exception {
        awaitItems();
        requestsTo("/"); // drop what the connector did so far
        robot.interact(() -> window.viewModel().select(vmId()));
        robot.interact(() -> window.main().actions().request(window.viewModel().selected(), dev.wharf.inventory.Action.STOP));
        WaitForAsyncUtils.waitForFxEvents();
        Label header = robot.lookup(".confirm-dialog .header-panel .label").queryAs(Label.class);
        assertThat(header.getText()).contains("fedora-1");
        assertThat(requestsTo(SUB)).as("nothing sent before confirming").isEmpty();
        Button stop = robot.lookup(".confirm-dialog .danger").queryButton();
        robot.clickOn(stop);
        waitUntil("the success toast", () -> robot.lookup(".toast-success").tryQuery().isPresent());
        assertThat(requestsTo(SUB)).singleElement().asString()
                .startsWith("PUT " + SUB + "virtualmachines/fedora-1/stop");
    }

    @Test
    void aConflictShowsTheServersMessageInANotification(FxRobot robot) throws Exception {
        awaitItems();
        robot.interact(() -> window.main().actions().request(
                window.viewModel().item(vmId()).orElseThrow(), dev.wharf.inventory.Action.PAUSE));
        waitUntil("the error toast", () -> robot.lookup(".toast-error").tryQuery().isPresent());
        String message = robot.lookup(".toast-error .toast-message").queryAs(Label.class).getText();
        assertThat(message).contains("already being paused");
        assertThat(window.viewModel().busy()).isEmpty();
    }

    @Test
    void anUnreachableSourceShowsItsErrorInTheSidebar(FxRobot robot) throws Exception {
        awaitItems();
        deadClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(1_000).withRequestTimeout(2_000).build()).build();
        KubernetesConnection dead = new KubernetesConnection("gone", deadClient, inventory);
        sources.addStarted(List.of(dead), null);
        dead.start();
        waitUntil("the error card", () -> robot.lookup("#retry-k8s-gone").tryQuery().isPresent());
        Label msg = robot.lookup("#source-k8s-gone .source-message").queryAs(Label.class);
        assertThat(msg.getText()).isNotBlank();
        assertThat(robot.lookup("#source-k8s-mock .source-message").tryQuery()).isEmpty();
    }

    @Test
    void theConnectionsDialogRejectsABadUriWithAMessage(FxRobot robot) throws Exception {
        robot.interact(window::openConnections);
        waitUntil("the connections dialog", () -> robot.lookup("#libvirt-uri").tryQuery().isPresent());
        robot.clickOn("libvirt host");
        TextField uri = robot.lookup("#libvirt-uri").queryAs(TextField.class);
        robot.interact(() -> uri.setText("qemu+ssh//kvm1/system"));
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#libvirt-uri-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).contains("://");
        assertThat(robot.lookup("#libvirt-add").queryButton().isDisabled()).isTrue();
        robot.interact(() -> uri.setText("qemu+ssh://root@kvm1/system"));
        assertThat(problem.isVisible()).isFalse();
        assertThat(robot.lookup("#libvirt-add").queryButton().isDisabled()).isFalse();
    }

    @Test
    void theConsoleKeyOpensATabForTheSelectedVm(FxRobot robot) throws Exception {
        awaitItems();
        robot.interact(() -> window.viewModel().select(vmId()));
        robot.clickOn("#topology");
        robot.interact(() -> window.viewModel().select(vmId()));
        robot.type(javafx.scene.input.KeyCode.C);
        waitUntil("a console tab", () -> window.main().consoles().getTabs().size() == 1);
        assertThat(window.main().consoles().getTabs().get(0).getText()).contains("fedora-1");
        assertThat(window.main().consoles().getScene()).as("the console pane is shown").isNotNull();
    }
}
