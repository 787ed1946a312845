package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main window at 1024 × 700 with a console open, and at its least size: nothing overlaps,
 * nothing is cut to "…", and the terminal keeps a usable height.
 */
class SmallWindowLayoutTest {
    private Stage stage;
    private MainWindow window;

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.run(() -> {
            window.consoles().closeAll();
            stage.close();
        });
    }

    private void open(double w, double h) throws Exception {
        Fx.run(() -> {
            InventoryViewModel vm = new InventoryViewModel();
            Inventory inventory = new Inventory(Runnable::run);
            window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                    Runnable::run, Runnable::run, new ThemeController(false), "Starting the lab…", () -> { }, null,
                    opener -> new ConsoleTabs((item, request) -> CompletableFuture.completedFuture(
                            new FakeStream("serial of " + item.name())), JediTermWidget::new, v -> f -> null)));
            inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
            inventory.putSource(Items.K8S_INFO);
            inventory.putSource(Items.LV_INFO);
            List<Item> all = new ArrayList<>(Items.ALL);
            State[] states = State.values();
            for (int k = 0; k < 40; k++) { // every kind and state, so the status bar has all its counts
                Kind kind = k % 3 == 0 ? Kind.MICROVM : k % 3 == 1 ? Kind.POD : Kind.VM;
                all.add(Item.builder(Items.K8S + "|x/ci/w" + k, Items.K8S, kind, "runner-" + k).namespace("ci")
                        .state(states[k % states.length]).isolation(k % 2 == 0 ? Isolation.SANDBOX : Isolation.VM)
                        .on(Items.NODE_B.id()).build());
            }
            inventory.putAll(all);
            stage = new Stage();
            ThemeController theme = new ThemeController(false);
            Scene scene = new Scene(window, w, h);
            theme.attach(scene);
            stage.setScene(scene);
            stage.show();
            window.openConsole(Items.VM, ConsoleType.SERIAL);
        });
        Thread.sleep(600);
        Fx.run(() -> window.applyCss());
        Fx.run(() -> window.layout());
    }

    private static Bounds scene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    private static boolean cut(Label l) {
        Node t = l.lookup(".text");
        return t instanceof Text text && !l.getText().equals(text.getText());
    }

    @Test
    void at1024x700WithAConsoleTheStatusBarLegendAndToastsNeitherOverlapNorCut() throws Exception {
        open(1024, 700);
        Fx.run(() -> {
            Node bar = window.lookup(".status-bar");
            Bounds barB = scene(bar);
            List<Label> labels = new ArrayList<>();
            window.lookupAll(".status-count").forEach(n -> labels.add((Label) n));
            labels.add((Label) window.lookup("#status-shown"));
            assertThat(labels).hasSizeGreaterThan(8);
            for (int a = 0; a < labels.size(); a++) {
                Label l = labels.get(a);
                assertThat(cut(l)).as("status text cut: %s", l.getText()).isFalse();
                Bounds b = scene(l);
                assertThat(b.getMinX() >= barB.getMinX() - 0.5 && b.getMaxX() <= barB.getMaxX() + 0.5)
                        .as("%s inside the status bar %s: %s", l.getText(), barB, b).isTrue();
                for (int c = a + 1; c < labels.size(); c++) {
                    assertThat(b.intersects(scene(labels.get(c))))
                            .as("%s overlaps %s", l.getText(), labels.get(c).getText()).isFalse();
                }
            }

            Node controls = window.lookup("#topology-controls");
            Node topology = window.lookup("#topology");
            assertThat(window.lookupAll(".legend")).hasSize(2);
            for (Node legend : window.lookupAll(".legend")) {
                assertThat(scene(legend).intersects(scene(controls))).as("legend covers the zoom buttons").isFalse();
                assertThat(scene(legend).getMinY()).as("the legend sits below the chips, not on them")
                        .isGreaterThanOrEqualTo(scene(topology).getMaxY() - 0.5);
                for (Node n : legend.lookupAll(".label")) {
                    Label l = (Label) n;
                    assertThat(cut(l)).as("legend label %s", l.getText()).isFalse();
                }
            }

            window.notifier().notify(Notifier.Level.ERROR, "Start runner-1", "The API server refused the request.");
        });
        Thread.sleep(300);
        Fx.run(() -> window.layout());
        Fx.run(() -> {
            Node toast = window.lookup(".toast");
            Node controls = window.lookup("#topology-controls");
            assertThat(scene(toast).intersects(scene(controls))).as("a toast covers the zoom buttons").isFalse();
        });
    }

    @Test
    void atTheLeastWindowSizeTheTerminalKeepsAUsableHeight() throws Exception {
        open(MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT);
        Thread.sleep(400);
        int rows = Fx.call(() -> window.consoles().views().get(0).terminal().rows());
        assertThat(rows).as("terminal rows at the least window size").isGreaterThanOrEqualTo(10);
    }
}
