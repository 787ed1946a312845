package dev.wharf.views.portforward;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.TaskRunner;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * The window's port-forwards: starts them through the item's source ({@link PortForwarder}),
 * keeps one row per forward, and refreshes the rows' counters once a second while any runs.
 * Status changes arrive on connector threads and are handed to the FX thread.
 */
public final class PortForwards {
    private final Backend backend;
    private final TaskRunner runner;
    private final Notifier notifier;
    private final ObservableList<PortForwardRow> rows = FXCollections.observableArrayList();
    private final Timeline ticks = new Timeline(new KeyFrame(Duration.seconds(1), e -> refresh()));
    private Consumer<PortForwardRow> onStarted = r -> { };

    public PortForwards(Backend backend, TaskRunner runner, Notifier notifier) {
        this.backend = backend;
        this.runner = runner;
        this.notifier = notifier;
        ticks.setCycleCount(Timeline.INDEFINITE);
    }

    /** The source's forwarder for {@code item}, if it can forward ports to it. */
    public Optional<PortForwarder> forwarder(Item item) {
        return backend.capability(item, PortForwarder.class);
    }

    /**
     * Whether ports of {@code item} can be forwarded (a pod, microVM pod or VM of a source that can),
     * and are offered: never on a read-only connection.
     */
    public boolean canForward(Item item) {
        return backend.writable(item) && forwarder(item).map(f -> f.canForward(item)).orElse(false);
    }

    public ObservableList<PortForwardRow> rows() {
        return rows;
    }

    /** Called on the FX thread with each forward that has started (e.g. to show the list). */
    public void setOnStarted(Consumer<PortForwardRow> f) {
        onStarted = f;
    }

    /** Starts a forward; its row appears once it listens, or a toast says why not. */
    public void start(Item item, ForwardRequest request, boolean web) {
        PortForwarder f = forwarder(item).orElse(null);
        if (f == null) {
            notifier.notify(Notifier.Level.ERROR, "Port-forward " + item.name(),
                    "Its source cannot forward ports (Kubernetes pods and KubeVirt VMs can).");
            return;
        }
        runner.run(() -> f.forward(item, request.remote(), request.address(), request.local()), (forward, e) -> {
            if (e != null) {
                notifier.notify(Notifier.Level.ERROR, "Port-forward " + item.name(), WharfException.userMessage(e));
                return;
            }
            PortForwardRow row = new PortForwardRow(forward, web);
            rows.add(row);
            forward.onStatus(s -> runner.onUi(row::refresh));
            if (ticks.getStatus() != javafx.animation.Animation.Status.RUNNING) {
                ticks.play();
            }
            onStarted.accept(row);
        });
    }

    /** Stops a forward (off the FX thread: closing sockets may wait) and removes its row. */
    public void stop(PortForwardRow row) {
        rows.remove(row);
        Forward f = row.forward();
        CompletableFuture.runAsync(f::stop);
        if (rows.isEmpty()) {
            ticks.stop();
        }
    }

    /** Stops every forward (the window closes). */
    public void stopAll() {
        List.copyOf(rows).forEach(this::stop);
    }

    /** Copies counters and status into the rows (FX thread, cheap reads). */
    void refresh() {
        rows.forEach(PortForwardRow::refresh);
    }
}
