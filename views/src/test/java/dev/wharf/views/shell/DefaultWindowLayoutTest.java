package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.State;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window at the desktop app's default size (1480 × 920) with the details pane open, over
 * lab-like values: what a user would see cut short.
 */
@ExtendWith(ApplicationExtension.class)
class DefaultWindowLayoutTest {
    private static final String K8S = "k8s:lab";
    private static final String LV = "libvirt:qemu:///embed?root=/tmp/wharf-lab/qemu-4242";
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                Runnable::run, Runnable::run, theme, "the lab's notice", () -> { }, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(new SourceInfo(K8S, SourceType.KUBERNETES, "wharf-lab", SourceStatus.CONNECTED, ""));
        inventory.putSource(new SourceInfo(LV, SourceType.LIBVIRT, "vm (qemu:///embed?root=/tmp/wharf-lab/qemu-4242)",
                SourceStatus.CONNECTED, ""));
        Item node = Item.builder(K8S + "|node/worker-02", K8S, Kind.NODE, "worker-02").state(State.RUNNING).build();
        List<Item> items = new ArrayList<>(List.of(node));
        Instant created = Instant.now().minus(41, ChronoUnit.DAYS);
        State[] states = {State.MIGRATING, State.SUCCEEDED, State.RUNNING, State.FAILED, State.PENDING};
        String[] statuses = {"Migrating", "Completed", "Running", "CrashLoopBackOff", "ImagePullBackOff"};
        for (int k = 0; k < 20; k++) {
            Kind kind = k % 2 == 0 ? Kind.MICROVM : Kind.POD;
            items.add(Item.builder(K8S + "|x/kube-system/w" + k, K8S, kind, "fc-runner-6c7b8d9f5-" + k)
                    .namespace("kube-system").state(states[k % states.length]).status(statuses[k % statuses.length])
                    .isolation(kind == Kind.POD ? Isolation.CONTAINER : Isolation.MICROVM).runtime("kata-qemu")
                    .created(created).on(node.id()).build());
        }
        inventory.putAll(items);
        Scene scene = new Scene(window, 1480, 920);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static boolean cut(Labeled l) {
        Node shown = l.lookup(".text");
        return shown instanceof Text t && l.getText() != null && !l.getText().equals(t.getText());
    }

    @Test
    void theTablesShortValuesAndHeadersAreNotCutWithTheDetailsPaneOpen(FxRobot robot) {
        robot.interact(() -> {
            window.showTable();
            vm.select(K8S + "|x/kube-system/w0");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.details().getWidth()).as("details pane").isGreaterThan(0);
        var table = window.table();
        for (TableColumn<Item, ?> c : table.getColumns()) {
            if (!c.isVisible()) {
                continue;
            }
            double header = new Text(c.getText()) {{
                    setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                            javafx.scene.text.FontWeight.BOLD, 14));
                }}.getLayoutBounds().getWidth();
            assertThat(c.getMinWidth()).as("min width of %s", c.getText()).isGreaterThanOrEqualTo(header);
            assertThat(c.getWidth()).as("width of %s", c.getText()).isGreaterThanOrEqualTo(c.getMinWidth() - 0.5);
        }
        List<String> cutHeaders = table.lookupAll(".column-header .label").stream()
                .map(Labeled.class::cast).filter(DefaultWindowLayoutTest::cut).map(Labeled::getText).toList();
        assertThat(cutHeaders).as("headers cut short").isEmpty();
        List<String> cutCells = new ArrayList<>();
        for (Node n : table.lookupAll(".table-cell")) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) n;
            if (cell.isEmpty() || cell.getTableColumn() == null || "Name".equals(cell.getTableColumn().getText())) {
                continue;
            }
            if (cut(cell)) {
                cutCells.add(cell.getTableColumn().getText() + ": " + cell.getText());
            }
            for (Node l : cell.lookupAll(".state-label")) {
                if (cut((Label) l)) {
                    cutCells.add("State: " + ((Label) l).getText());
                }
            }
        }
        assertThat(cutCells).as("cells cut short").isEmpty();
        double nameW = table.getColumns().get(0).getWidth();
        assertThat(nameW).as("Name takes the rest").isGreaterThanOrEqualTo(180);
    }

    @Test
    void cutNamesKeepTheirDistinguishingSuffixAndTheirTooltipHasTheWholeName(FxRobot robot) {
        robot.interact(() -> {
            window.showTable();
            window.getScene().getWindow().setWidth(1024);
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = new ArrayList<>();
        for (Node n : window.table().lookupAll(".table-cell")) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) n;
            if (cell.isEmpty() || cell.getTableColumn() == null || !"Name".equals(cell.getTableColumn().getText())) {
                continue;
            }
            Text text = (Text) cell.lookup(".text");
            assertThat(cell.getTooltip().getText()).as("the whole name").endsWith(cell.getText());
            if (cut(cell)) {
                String suffix = cell.getText().substring(cell.getText().lastIndexOf('-'));
                assertThat(text.getText()).as("cut name of %s", cell.getText()).endsWith(suffix);
            }
            shown.add(text.getText());
        }
        assertThat(shown).hasSizeGreaterThan(5).doesNotHaveDuplicates();
    }

    @Test
    void aLibvirtSourceCardShowsTheHostAndTheUriWithTheWholeUriInATooltip(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node card = robot.lookup("#source-" + SourcesSidebar.cssId(LV)).query();
        Label name = (Label) card.lookup(".source-name");
        Label uri = (Label) card.lookup(".source-uri");
        Label status = (Label) card.lookup(".source-status");
        assertThat(name.getText()).isEqualTo("vm");
        assertThat(cut(name)).isFalse();
        assertThat(uri.getText()).isEqualTo("qemu:///embed?root=/tmp/wharf-lab/qemu-4242");
        assertThat(uri.getTooltip().getText()).isEqualTo("qemu:///embed?root=/tmp/wharf-lab/qemu-4242");
        assertThat(status.getText()).isEqualTo("Connected");
        assertThat(cut(status)).isFalse();
        Node k8s = robot.lookup("#source-" + SourcesSidebar.cssId(K8S)).query();
        Label k8sStatus = (Label) k8s.lookup(".source-status");
        assertThat(k8sStatus.getText()).isEqualTo("Connected · Kubernetes");
        assertThat(cut(k8sStatus)).as("status line of the Kubernetes card").isFalse();
    }

    @Test
    void sourceNamesSplitIntoHostAndUri() {
        assertThat(SourcesSidebar.splitName("kvm1 (qemu+ssh://root@kvm1/system)"))
                .containsExactly("kvm1", "qemu+ssh://root@kvm1/system");
        assertThat(SourcesSidebar.splitName("qemu+ssh://root@kvm2.example.org/system"))
                .containsExactly("kvm2.example.org", "qemu+ssh://root@kvm2.example.org/system");
        assertThat(SourcesSidebar.splitName("qemu:///system")).containsExactly("localhost", "qemu:///system");
        assertThat(SourcesSidebar.splitName("wharf-lab")).containsExactly("wharf-lab", null);
        assertThat(SourcesSidebar.splitName("prod (eu-west)")).containsExactly("prod (eu-west)", null);
    }
}
