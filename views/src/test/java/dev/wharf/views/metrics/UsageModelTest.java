package dev.wharf.views.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.Item;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage model without a toolkit: it watches the sources that offer usage, follows their polls
 * (n/a for what a poll leaves out), keeps the selected item's history, tells sources what is seen,
 * lets go of a source that went away.
 */
class UsageModelTest {
    private final InventoryViewModel vm = new InventoryViewModel();
    private final FakeUsageSource k8s = new FakeUsageSource(Items.K8S);
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    private UsageModel model;
    private final Instant t0 = Instant.parse("2026-12-02T10:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        vm.apply(Items.initial());
        // the libvirt source of the fixtures is not open in this backend: nothing to watch there
        model = new UsageModel(vm, Backend.of(List.of(k8s)), worker, Runnable::run).start();
        idle();
    }

    @AfterEach
    void tearDown() {
        model.close();
        worker.shutdownNow();
    }

    private void idle() throws Exception {
        worker.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void followsPollsAndSaysNotKnownForWhatAPollLeavesOut() throws Exception {
        assertThat(k8s.listeners).as("one watch on the source that offers usage").hasSize(1);
        assertThat(model.frame().watched()).containsExactly(Items.K8S);
        k8s.emit(t0, "", FakeUsageSource.usage(Items.WEB.id(), t0, 0.25, 25.0, 64L << 20, 10.0),
                FakeUsageSource.usage(Items.NODE_A.id(), t0, 1.5, 37.5, 2L << 30, 50.0));
        idle();
        UsageFrame f = model.frame();
        assertThat(f.usage(Items.WEB.id()).cpuCores()).isEqualTo(0.25);
        assertThat(f.cpuHeat(Items.WEB.id())).isEqualTo(3); // 25 % → level 3 (rounded tenths)
        assertThat(f.memoryHeat(Items.NODE_A.id())).isEqualTo(5);
        assertThat(f.usage(Items.SANDBOX.id())).as("never measured: n/a").isNull();
        assertThat(f.cpuHeat(Items.SANDBOX.id())).isEqualTo(UsageFrame.UNKNOWN);

        k8s.emit(t0.plusSeconds(15), "", FakeUsageSource.usage(Items.NODE_A.id(), t0.plusSeconds(15), 1.0, 25.0, 2L << 30, 50.0));
        idle();
        assertThat(model.frame().usage(Items.WEB.id())).as("left out of the newest poll: n/a now, not its old figure").isNull();
        assertThat(model.frame().usage(Items.NODE_A.id()).cpuCores()).isEqualTo(1.0);
        assertThat(model.frame().revision()).isGreaterThan(f.revision());
    }

    @Test
    void aSourcesNoteIsKeptUntilItMeasuresAgain() throws Exception {
        k8s.emit(t0, "metrics unavailable: metrics-server is not installed");
        idle();
        assertThat(model.frame().note(Items.K8S)).isEqualTo("metrics unavailable: metrics-server is not installed");
        k8s.emit(t0.plusSeconds(300), "", FakeUsageSource.usage(Items.WEB.id(), t0.plusSeconds(300), 0.1, null, null, null));
        idle();
        assertThat(model.frame().note(Items.K8S)).isEmpty();
    }

    @Test
    void theSelectedItemsHistoryComesWithEachFrame() throws Exception {
        for (int k = 0; k < 6; k++) {
            Instant at = t0.plusSeconds(15L * k);
            k8s.emit(at, "", FakeUsageSource.usage(Items.WEB.id(), at, 0.1 * (k + 1), null, 100L << 20, null));
        }
        idle();
        assertThat(model.frame().history()).as("nothing selected").isNull();
        vm.select(Items.WEB.id());
        idle();
        UsageSeries s = model.frame().history();
        assertThat(s.itemId()).isEqualTo(Items.WEB.id());
        assertThat(s.max(Metric.CPU)).isEqualTo(0.6f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(s.min(Metric.CPU)).isEqualTo(0.1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(s.of(Metric.CPU)[UsageHistory.SLOTS - 1]).isEqualTo(0.6f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void tellsTheSourceWhatIsSeenAndSelected() throws Exception {
        assertThat(k8s.focuses).isNotEmpty();
        List<String> visibleK8s = vm.visibleItems().stream().filter(i -> i.source().equals(Items.K8S)).map(Item::id).toList();
        assertThat(k8s.focuses.get(k8s.focuses.size() - 1)).containsExactlyInAnyOrderElementsOf(visibleK8s)
                .doesNotContain(Items.HOST.id());
        vm.setFilter(vm.filter().withText("web-1"));
        Thread.sleep(UsageModel.FOCUS_DELAY_MS + 300);
        idle();
        assertThat(k8s.focuses.get(k8s.focuses.size() - 1)).as("after the filter: only what is seen")
                .containsExactly(Items.WEB.id());
    }

    @Test
    void aSourceThatGoesAwayIsNoLongerWatchedAndItsFiguresGo() throws Exception {
        k8s.emit(t0, "", FakeUsageSource.usage(Items.WEB.id(), t0, 0.25, null, null, null));
        idle();
        vm.apply(new InventoryDelta(false, List.of(), List.of(), List.of(), List.of(Items.K8S)));
        idle();
        assertThat(k8s.closedWatches).isEqualTo(1);
        assertThat(model.frame().usage(Items.WEB.id())).isNull();
        assertThat(model.frame().watched()).isEmpty();
        k8s.emit(t0.plusSeconds(15), "", FakeUsageSource.usage(Items.WEB.id(), t0, 0.25, null, null, null));
        idle();
        assertThat(model.frame().usage(Items.WEB.id())).as("a late poll of the closed watch is dropped").isNull();
    }
}
