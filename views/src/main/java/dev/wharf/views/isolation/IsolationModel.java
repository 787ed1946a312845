package dev.wharf.views.isolation;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.IsolationSettings;
import dev.wharf.isolation.LiveIsolation;
import dev.wharf.views.model.InventoryViewModel;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The isolation report of the inventory, kept live off the UI thread: every delta the view model
 * applies goes to {@link LiveIsolation} on one background thread (in order; only touched nodes are
 * re-analysed), and the UI thread only sets the newest ready report (coalesced: one hop per burst).
 */
public final class IsolationModel {
    private final LiveIsolation live = new LiveIsolation(IsolationSettings.DEFAULT);
    private final Executor analysis;
    private final java.util.ArrayDeque<InventoryDelta> queue = new java.util.ArrayDeque<>();
    private boolean draining;
    private final Executor ui;
    private final AtomicReference<IsolationReport> ready = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReadOnlyObjectWrapper<IsolationReport> report =
            new ReadOnlyObjectWrapper<>(this, "report", new IsolationReport(List.of()));

    /**
     * @param background runs the analysis (a background executor; the deltas reach
     *                   {@link LiveIsolation} one at a time and in order whatever it is)
     * @param ui         runs on the UI thread ({@code Platform::runLater})
     */
    public IsolationModel(InventoryViewModel vm, Executor background, Executor ui) {
        this.analysis = background;
        this.ui = ui;
        vm.addDeltaListener(this::offer);
    }

    private void offer(InventoryDelta d) {
        synchronized (queue) {
            queue.add(d);
            if (draining) {
                return;
            }
            draining = true;
        }
        analysis.execute(this::drain);
    }

    /** Applies the queued deltas in order, then hands the newest report to the UI thread once. */
    private void drain() {
        while (true) {
            InventoryDelta d;
            synchronized (queue) {
                d = queue.poll();
                if (d == null) {
                    draining = false;
                    break;
                }
            }
            ready.set(live.apply(d));
        }
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(() -> {
                scheduled.set(false);
                report.set(ready.get());
            });
        }
    }

    /** The newest ready report (UI thread). */
    public ReadOnlyObjectProperty<IsolationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public IsolationReport report() {
        return report.get();
    }
}
