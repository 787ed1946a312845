package dev.wharf.views.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.Severity;
import dev.wharf.views.fixtures.IsolationItems;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class IsolationViewTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    // the analysis really runs off the FX thread, as in the app
    private final Executor background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-isolation");
        t.setDaemon(true);
        return t;
    });
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                background, Platform::runLater, null, null, null, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(IsolationItems.ALL);
        stage.setScene(new Scene(window, 1280, 800));
        stage.show();
    }

    private IsolationView open(FxRobot robot) throws Exception {
        robot.clickOn("#show-isolation");
        IsolationView view = window.isolation();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.shownFindings().size() >= 3);
        WaitForAsyncUtils.waitForFxEvents();
        return view;
    }

    /** Visible with every ancestor (a virtualised list keeps spare cells, hidden). */
    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private static List<String> texts(FxRobot robot, String query) {
        // in screen order, top to bottom (the node cards are a virtualised list: scene-graph order is not)
        return robot.lookup(query).queryAllAs(Label.class).stream().filter(IsolationViewTest::shown)
                .sorted(java.util.Comparator.comparingDouble((Label l) -> l.localToScene(0, 0).getY())
                        .thenComparingDouble(l -> l.localToScene(0, 0).getX()))
                .map(Label::getText).toList();
    }

    @Test
    void theViewShowsEveryNodeItsPlacementKernelsAndFindings(FxRobot robot) throws Exception {
        IsolationView view = open(robot);
        assertThat(view.isVisible()).isTrue();
        assertThat(window.topology().isVisible()).isFalse();
        assertThat(texts(robot, ".iso-node-name")).containsExactly("gpu-01", "edge-01");
        assertThat(texts(robot, ".iso-host")).contains("Host kvm1");
        assertThat(texts(robot, ".iso-placement")).containsExactly("VM", "bare metal");
        // gpu-01: a privileged pod on a kernel two tenants share (critical), the sharing itself (high),
        // a microVM on a VM (info); edge-01 runs one VM of one tenant: clean
        assertThat(texts(robot, ".iso-badge")).contains("critical · 3", "clean");
        assertThat(view.shownFindings()).extracting(Finding::rule)
                .containsExactly("privileged-on-shared-kernel", "tenants-share-kernel", "nested-virtualization");
        assertThat(texts(robot, ".iso-tenant-name")).contains("blog", "shop");
        assertThat(texts(robot, ".iso-kernel-title")).contains("node kernel · 2 tenants", "microvm · shop", "vm · shop");
        assertThat(texts(robot, ".iso-chip")).contains("web-1", "agent-1", "pay-1", "db");

        robot.interact(() -> view.setFilters(Severity.HIGH, null, null, null));
        assertThat(view.shownFindings()).extracting(Finding::rule)
                .containsExactly("privileged-on-shared-kernel", "tenants-share-kernel");
        robot.interact(() -> view.setFilters(null, null, "blog", null));
        assertThat(view.shownFindings()).extracting(Finding::rule)
                .containsExactly("privileged-on-shared-kernel", "tenants-share-kernel");
        robot.interact(() -> view.setFilters(null, "nested-virtualization", null, "gpu-01"));
        assertThat(view.shownFindings()).extracting(Finding::rule).containsExactly("nested-virtualization");
        robot.interact(() -> view.setFilters(null, null, null, "edge-01"));
        assertThat(view.shownFindings()).isEmpty();
    }

    @Test
    void clickingAFindingSelectsItsItemsInEveryView(FxRobot robot) throws Exception {
        IsolationView view = open(robot);
        ListCell<?> critical = robot.lookup("#isolation-findings .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getItem() instanceof Finding f && f.rule().equals("privileged-on-shared-kernel"))
                .findFirst().orElseThrow();
        robot.clickOn(critical);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selected()).isEqualTo(IsolationItems.BLOG_AGENT);
        // its topology chip carries the worst finding's badge; a pod no finding names carries none
        assertThat(window.topology().findingBadge(IsolationItems.BLOG_AGENT.id())).isEqualTo(Severity.CRITICAL);
        assertThat(window.topology().findingBadge(IsolationItems.SHOP_WEB.id())).as("only in a high finding")
                .isEqualTo(Severity.HIGH);
        assertThat(window.topology().findingBadge(IsolationItems.PAY.id())).as("a microVM named by no finding "
                + "(at most an info one)").isNull();
        assertThat(robot.lookup("#details-title").queryLabeled().getText()).isEqualTo("agent-1");
        // the details say its boundary and the findings that concern it, each with its why
        List<String> details = robot.lookup("#details-isolation .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(details).contains("container: shares the node kernel with the node's other containers");
        List<Finding> concerning = view.shownFindings().stream()
                .filter(f -> f.items().contains(IsolationItems.BLOG_AGENT.id())).toList();
        assertThat(concerning).extracting(Finding::rule).containsExactly("privileged-on-shared-kernel", "tenants-share-kernel");
        for (Finding f : concerning) {
            assertThat(details).contains(f.message(), f.why());
        }

        Finding sharing = view.shownFindings().stream().filter(f -> f.rule().equals("tenants-share-kernel")).findFirst().orElseThrow();
        robot.interact(() -> view.findingsList().getSelectionModel().select(sharing));
        // ALL of the finding's items are selected (the first is the primary), not just its first
        assertThat(sharing.items()).hasSize(2);
        assertThat(vm.selection().ids()).containsExactlyInAnyOrderElementsOf(sharing.items());
        assertThat(vm.selectedIdProperty().get()).isEqualTo(sharing.items().get(0));
        assertThat(robot.lookup("#summary-title").queryLabeled().getText()).isEqualTo("2 selected");
        // every item of the finding is marked in the boxes
        List<String> marked = robot.lookup(".iso-chip").queryAllAs(Label.class).stream().filter(IsolationViewTest::shown)
                .filter(l -> l.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("marked")))
                .map(Label::getText).toList();
        assertThat(marked).containsExactlyInAnyOrder("web-1", "agent-1");
        robot.interact(window::showTable);
        assertThat(window.table().getSelectionModel().getSelectedItems()).extracting(dev.wharf.inventory.Item::id)
                .containsExactlyInAnyOrderElementsOf(sharing.items());
    }

    @Test
    void aChangedPodReachesTheViewWithoutTheFxThreadAnalysing(FxRobot robot) throws Exception {
        IsolationView view = open(robot);
        inventory.remove(IsolationItems.BLOG_AGENT.id());
        // read the list on the FX thread, which changes it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> view.shownFindings().size())
                .get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.shownFindings()).extracting(Finding::rule).containsExactly("nested-virtualization");
        assertThat(texts(robot, ".iso-badge")).contains("info · 1", "clean");
        assertThat(window.topology().findingBadge(IsolationItems.BLOG_AGENT.id()))
                .as("a chip whose pod is gone carries no badge").isNull();
    }
}
