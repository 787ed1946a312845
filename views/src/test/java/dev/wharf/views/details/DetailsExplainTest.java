package dev.wharf.views.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.fixtures.ExplainItems;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What the Overview says about a failing pod, a node under pressure and a migrating VM. */
@ExtendWith(ApplicationExtension.class)
class DetailsExplainTest {
    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> performed = new CopyOnWriteArrayList<>();
    private DetailsView details;

    @Start
    void start(Stage stage) {
        vm.apply(Items.initial());
        vm.apply(Items.upsert(ExplainItems.crashingPod(NOW), ExplainItems.pressuredNode(), ExplainItems.migratingVm(NOW)));
        Source source = new Source() {
            @Override public String id() { return Items.K8S; }
            @Override public void start() { }
            @Override public void close() { }

            @Override
            public CompletableFuture<Void> perform(Item item, Action action) {
                performed.add(action.wire() + " " + item.name());
                return CompletableFuture.completedFuture(null);
            }
        };
        Backend backend = Backend.of(List.of(source));
        ActionController actions = new ActionController(vm, backend, TaskRunner.synchronous(),
                (item, action, answer) -> answer.accept(true), (level, title, message) -> { });
        details = new DetailsView(vm, backend, TaskRunner.synchronous(), actions, (i, t) -> { },
                Clock.fixed(NOW, ZoneOffset.UTC));
        stage.setScene(new Scene(details, 560, 900));
        stage.show();
    }

    private static List<String> texts(Parent root) {
        List<String> out = new java.util.ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            out.add(l.getText());
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    @Test
    void aFailingPodSaysWhyAtTheTopOfTheOverviewInOneSentence(FxRobot robot) {
        robot.interact(() -> vm.select(Items.K8S + "|pod/shop/payments-7f6c9d8b5-5mxkq"));
        WaitForAsyncUtils.waitForFxEvents();
        Label why = robot.lookup("#details-diagnosis").queryAs(Label.class);
        assertThat(why.getText()).isEqualTo("Container app keeps crashing: exited with code 137 (OOMKilled) "
                + "2 minutes ago; restarted 14 times, back-off 5m.");
        VBox explain = robot.lookup("#details-explain").queryAs(VBox.class);
        assertThat(explain.getChildren().get(0)).as("the sentence comes first").isSameAs(why);
        assertThat(why.isVisible()).isTrue();

        List<String> containers = texts(robot.lookup("#details-containers").queryAs(Parent.class));
        assertThat(containers).contains("Containers", "migrate (init)", "app", "Waiting: CrashLoopBackOff",
                "back-off 5m0s restarting failed container=app", "14", "registry.example/payments:v8");
        assertThat(containers).anyMatch(t -> t.startsWith("OOMKilled, exit code 137, Nov 1 ") && t.endsWith("(2 minutes ago)"));
        List<String> conditions = texts(robot.lookup("#details-conditions").queryAs(Parent.class));
        assertThat(conditions).containsSubsequence("Ready", "False",
                "ContainersNotReady: containers with unready status: [app] · since 10 minutes ago");
    }

    @Test
    void ownedByLeadsToTheControllerWithRestartBesideIt(FxRobot robot) {
        robot.interact(() -> vm.select(Items.K8S + "|pod/shop/payments-7f6c9d8b5-5mxkq"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#details-controller").queryLabeled().getText()).isEqualTo("Deployment payments");
        Button restart = robot.lookup("#action-restart-workload").queryButton();
        assertThat(restart.getText()).isEqualTo("Restart");
        assertThat(robot.lookup("#action-restart-workload").queryAll()).as("once, not also in the header").hasSize(1);
        robot.clickOn(restart);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("restart-workload payments-7f6c9d8b5-5mxkq");
    }

    @Test
    void aNodeShowsConditionsTaintsAndResourcesInHumanUnits(FxRobot robot) {
        robot.interact(() -> vm.select(Items.NODE_A.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#details-diagnosis").queryLabeled().getText())
                .isEqualTo("Under memory pressure: kubelet has insufficient memory available.");
        List<String> resources = texts(robot.lookup("#details-resources").queryAs(Parent.class));
        assertThat(resources).containsSubsequence("Capacity", "Allocatable", "cpu", "4 CPUs", "3.8 CPUs",
                "memory", "16 GiB", "15.6 GiB");
        assertThat(texts(robot.lookup("#details-taints").queryAs(Parent.class))).containsExactly("dedicated=gpu:NoSchedule");
        assertThat(texts(robot.lookup("#details-conditions").queryAs(Parent.class)))
                .containsSubsequence("MemoryPressure", "True");
        assertThat(robot.lookup("#action-cordon").tryQuery()).isPresent();
        assertThat(robot.lookup("#action-drain").tryQuery()).isPresent();
    }

    @Test
    void aMigrationShowsItsProgressWithCancel(FxRobot robot) {
        robot.interact(() -> vm.select(Items.VM.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#details-diagnosis").queryLabeled().getText())
                .isEqualTo("Migrating from node-b to node-a (Running), started 3 minutes ago.");
        assertThat(texts(robot.lookup("#details-migration").queryAs(Parent.class)))
                .containsSubsequence("Phase", "Running", "From → to", "node-b → node-a", "Elapsed", "3m 30s",
                        "Migration", "db-mig-x7");
        robot.clickOn(robot.lookup("#action-cancel-migration").queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("cancel-migration db");
    }

    @Test
    void aHealthyItemShowsNoExplanation(FxRobot robot) {
        robot.interact(() -> vm.select(Items.WEB.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#details-diagnosis").tryQuery()).isEmpty();
        assertThat(robot.lookup("#details-explain").queryAs(VBox.class).isManaged()).isFalse();
    }
}
