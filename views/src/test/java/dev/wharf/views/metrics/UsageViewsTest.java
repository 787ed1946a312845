package dev.wharf.views.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodeFacts;
import dev.wharf.inventory.ResourceRequests;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.Palette;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What a user sees of usage in the main window, fed by a fake source's polls. */
@ExtendWith(ApplicationExtension.class)
class UsageViewsTest {
    private static final String ORIGIN = "the virt-launcher pod's usage: its compute container runs QEMU";
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final FakeUsageSource k8s = new FakeUsageSource(Items.K8S);
    private final Executor background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-layout");
        t.setDaemon(true);
        return t;
    });
    private final Instant t0 = Instant.now().minusSeconds(150);
    private MainWindow window;

    private final Item nodeA = Item.builder(Items.NODE_A.id(), Items.K8S, Items.NODE_A.kind(), "node-a")
            .state(Items.NODE_A.state()).on(Items.NODE_A.on())
            .facet(new NodeFacts(false, List.of(), Map.of("cpu", "4 CPUs", "memory", "8 GiB"),
                    Map.of("cpu", "4 CPUs", "memory", "8 GiB"))).build();
    private final Item web = Item.builder(Items.WEB.id(), Items.K8S, Items.WEB.kind(), "web-1").namespace("shop")
            .state(Items.WEB.state()).isolation(Items.WEB.isolation()).on(nodeA.id())
            .facet(new ResourceRequests(0.5, 256L << 20)).build();

    @Start
    void start(Stage stage) {
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of(k8s)), TaskRunner.synchronous(),
                background, Platform::runLater, null, null, null, null, null));
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        List<Item> all = new ArrayList<>(Items.ALL);
        all.removeIf(i -> i.id().equals(web.id()) || i.id().equals(nodeA.id()));
        all.add(web);
        all.add(nodeA);
        inventory.putAll(all);
        stage.setScene(new Scene(window, 1480, 920));
        stage.show();
    }

    /** Ten polls 15 s apart: web-1's CPU climbs from 100m to 400m and ends at 250m. */
    private void history() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !k8s.listeners.isEmpty());
        double[] cpu = {0.1, 0.15, 0.2, 0.3, 0.4, 0.35, 0.3, 0.3, 0.28, 0.25};
        for (int k = 0; k < cpu.length; k++) {
            Instant at = t0.plusSeconds(15L * k);
            k8s.emit(at, "", FakeUsageSource.full(web.id(), at, cpu[k], (200L + k) << 20, 4096, 0, 1 << 20, 2 << 20, ORIGIN),
                    FakeUsageSource.usage(nodeA.id(), at, 1.0, 25.0, 2L << 30, 25.0),
                    FakeUsageSource.usage(Items.NODE_B.id(), at, 0.5, null, 100L << 20, null));
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.usage().model().frame().usage(web.id()) != null
                && window.usage().model().frame().usage(web.id()).at().equals(t0.plusSeconds(135)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theDetailsShowTheCurrentFiguresAndSparklinesOfTheLast15Minutes(FxRobot robot) throws Exception {
        history();
        robot.interact(() -> vm.select(web.id()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.usage().model().frame().history() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#details-usage").query().isVisible()).isTrue();
        assertThat(text(robot, "#usage-cpu-value")).isEqualTo("250m (25%)");
        assertThat(text(robot, "#usage-cpu-range")).isEqualTo("min 100m · max 400m");
        assertThat(text(robot, "#usage-memory-value")).isEqualTo("209Mi (50%)");
        assertThat(text(robot, "#usage-net-value")).isEqualTo("in 1Mi/s · out 2Mi/s");
        assertThat(text(robot, "#usage-disk-value")).isEqualTo("read 4Ki/s · write 0/s");
        assertThat(robot.lookup("#usage-cpu-value").queryAs(Label.class).getTooltip().getText()).startsWith(ORIGIN);
        assertThat(robot.lookup("#usage-note").query().isVisible()).isFalse();

        Sparkline line = window.usage().panel().sparkline(Metric.CPU);
        WritableImage shot = fx(() -> line.snapshot(null, null));
        PixelReader px = shot.getPixelReader();
        int last = UsageHistory.SLOTS - 1;
        // the newest point (250m) and the peak (400m, five polls = 75 s earlier) are drawn where the line is
        assertThat(inked(px, fx(() -> line.xOf(last)), fx(() -> line.yOf(0.25f)))).as("the newest point").isTrue();
        int peak = last - (int) Math.round(75.0 / UsageHistory.SLOT_SECONDS);
        assertThat(inked(px, fx(() -> line.xOf(peak)), fx(() -> line.yOf(0.4f)))).as("the peak").isTrue();
        // 15 minutes ago nothing was measured: no line there (only the baseline at the bottom)
        assertThat(inked(px, fx(() -> line.xOf(3)), Sparkline.HEIGHT / 2)).as("before the first sample").isFalse();

        // hovering reads out the slot under the mouse
        javafx.geometry.Bounds b = fx(() -> line.localToScreen(line.getBoundsInLocal()));
        robot.moveTo(new javafx.geometry.Point2D(b.getMinX() + fx(() -> line.xOf(last)), b.getMinY() + 10));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#usage-cpu-range")).matches("\\d\\d:\\d\\d:\\d\\d · 250m");
    }

    /** Whether a few pixels around (x, y) are drawn (not transparent). */
    private static boolean inked(PixelReader px, double x, double y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int ix = (int) Math.round(x) + dx;
                int iy = (int) Math.round(y) + dy;
                Color c = px.getColor(Math.max(0, ix), Math.max(0, Math.min((int) Sparkline.HEIGHT - 1, iy)));
                if (c.getOpacity() > 0.5 && !isWhite(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isWhite(Color c) {
        return c.getRed() > 0.93 && c.getGreen() > 0.93 && c.getBlue() > 0.93;
    }

    @Test
    void aNodeShowsUsageBesideRequestsAndAllocatable(FxRobot robot) throws Exception {
        history();
        robot.interact(() -> vm.select(nodeA.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#usage-capacity").query().isVisible()).isTrue();
        // metrics-server measures no disk or network: no rows of n/a between the figures and the bars
        assertThat(robot.lookup("#usage-disk").query().isVisible()).isFalse();
        assertThat(robot.lookup("#usage-net").query().isVisible()).isFalse();
        // usage comes first in the Overview (after the one-sentence "why"), above the long sections
        javafx.scene.Node panel = robot.lookup("#details-usage").query();
        assertThat(panel.getParent().getId()).isEqualTo("details-explain");
        assertThat(panel.getParent().getChildrenUnmodifiable().indexOf(panel)).isLessThanOrEqualTo(1);
        assertThat(text(robot, "#usage-capacity-cpu .capacity-figures"))
                .isEqualTo("used 1000m · requested 500m · allocatable 4000m");
        assertThat(text(robot, "#usage-capacity-memory .capacity-figures"))
                .isEqualTo("used 2Gi · requested 256Mi · allocatable 8Gi");
        robot.interact(() -> vm.select(web.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#usage-capacity").query().isVisible()).as("a pod has no capacity bars").isFalse();
        assertThat(robot.lookup("#usage-disk").query().isVisible()).as("a measured pod has its disk row").isTrue();
    }

    @Test
    void aSourcesNoteShowsOnceInsteadOfRowsOfNotKnown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !k8s.listeners.isEmpty());
        k8s.emit(t0, "metrics unavailable: metrics-server is not installed");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.usage().model().frame().note(Items.K8S).isEmpty());
        robot.interact(() -> vm.select(Items.SANDBOX.id()));
        WaitForAsyncUtils.waitForFxEvents();
        List<Label> notes = robot.lookup(".usage-note").queryAllAs(Label.class).stream().filter(Node::isVisible).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).getText()).isEqualTo("metrics unavailable: metrics-server is not installed");
        assertThat(robot.lookup("#usage-cpu").query().isVisible()).isFalse();

        // the sandbox that metrics-server does not measure, once it measures the rest: n/a, never 0
        k8s.emit(t0.plusSeconds(15), "", FakeUsageSource.usage(web.id(), t0.plusSeconds(15), 0.25, 25.0, 1L << 20, null));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.usage().model().frame().note(Items.K8S).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#usage-note").query().isVisible()).isFalse();
        assertThat(text(robot, "#usage-cpu-value")).isEqualTo("n/a");
        assertThat(text(robot, "#usage-memory-value")).isEqualTo("n/a");
    }

    @Test
    void theTableSortsByCpuWithNotKnownLastBothWays(FxRobot robot) throws Exception {
        history();
        robot.interact(window::showTable);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableColumn<Item, Item> cpu = (TableColumn<Item, Item>) window.table().getColumns().stream()
                .filter(c -> "CPU".equals(c.getText())).findFirst().orElseThrow();
        robot.interact(() -> window.table().getSortOrder().setAll(List.of(cpu)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.getSortType()).isEqualTo(TableColumn.SortType.ASCENDING);
        List<String> up = names();
        assertThat(up.subList(0, 3)).containsExactly("web-1", "node-b", "node-a");
        assertThat(cells(robot)).contains("250m (25%)", "500m", "1000m (25%)", "n/a");

        robot.interact(() -> cpu.setSortType(TableColumn.SortType.DESCENDING));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cpu.getSortType()).isEqualTo(TableColumn.SortType.DESCENDING);
        List<String> down = names();
        assertThat(down.subList(0, 3)).containsExactly("node-a", "node-b", "web-1");
        assertThat(down.subList(3, down.size())).as("n/a last also when descending")
                .doesNotContain("node-a", "node-b", "web-1").hasSize(down.size() - 3);

        // a new poll re-sorts: node-b now uses most
        k8s.emit(t0.plusSeconds(150), "", FakeUsageSource.usage(Items.NODE_B.id(), t0.plusSeconds(150), 3.0, null, null, null),
                FakeUsageSource.usage(web.id(), t0.plusSeconds(150), 0.25, null, null, null),
                FakeUsageSource.usage(nodeA.id(), t0.plusSeconds(150), 1.0, null, null, null));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> names().get(0).equals("node-b"));
    }

    private List<String> names() throws Exception {
        return fx(() -> window.table().getItems().stream().map(Item::name).toList());
    }

    private static List<String> cells(FxRobot robot) {
        return robot.lookup(".usage-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .map(javafx.scene.control.TableCell::getText).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void theTopologyIsColouredByUsageWhenAskedAndFarCountsSayTheNodesCpu(FxRobot robot) throws Exception {
        history();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.topology().model().bounds(web.id()).isPresent());
        Color heat = UsageHeat.blend(Palette.LIGHT.cellFill(), 3); // web-1 at 25 % CPU
        assertThat(heatPixels(heat)).as("no colouring by default").isZero();

        robot.clickOn("#usage-heat");
        robot.clickOn("Heat by CPU");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.usage().heatProperty().get()).isEqualTo(UsageHeat.Mode.CPU);
        assertThat(heatPixels(heat)).as("web-1's chip in its heat colour").isGreaterThan(200);

        robot.clickOn("#usage-heat");
        robot.clickOn("No usage colouring");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatPixels(heat)).isZero();

        UsageHeat tint = new UsageHeat(window.usage().model().frame(), UsageHeat.Mode.OFF);
        assertThat(tint.farLine(nodeA.id())).isEqualTo("CPU 1000m (25%)");
        assertThat(tint.farLine(Items.HOST.id())).as("not measured: no line").isNull();
    }

    private int heatPixels(Color heat) throws Exception {
        WritableImage img = fx(() -> {
            window.topology().drawNow();
            return window.topology().snapshot(null, null);
        });
        PixelReader px = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = px.getColor(x, y);
                if (Math.abs(c.getRed() - heat.getRed()) < 0.01 && Math.abs(c.getGreen() - heat.getGreen()) < 0.01
                        && Math.abs(c.getBlue() - heat.getBlue()) < 0.01) {
                    n++;
                }
            }
        }
        return n;
    }
}
