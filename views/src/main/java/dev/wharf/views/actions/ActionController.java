package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.model.ActionCatalog;
import dev.wharf.views.model.ActionChoice;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.List;

/**
 * Runs the actions the user picks, wherever they pick them (toolbar, menu, palette, keyboard):
 * checks the item still accepts it, asks for confirmation when it is destructive, runs it in
 * the background while the item shows progress, and ends in a notification. It never edits
 * items: the resulting change arrives from the source as an event.
 */
public final class ActionController {
    private final InventoryViewModel vm;
    private final Backend backend;
    private final TaskRunner runner;
    private final Confirmer confirmer;
    private final Notifier notifier;
    private final ActionCatalog catalog;
    private final List<ActionFlow> flows = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ActionController(InventoryViewModel vm, Backend backend, TaskRunner runner, Confirmer confirmer,
                            Notifier notifier) {
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.confirmer = confirmer;
        this.notifier = notifier;
        this.catalog = new ActionCatalog(id -> vm.busy().contains(id));
    }

    /** How views tell the user how their own work ended (the same toasts as actions). */
    public Notifier notifier() {
        return notifier;
    }

    /** Registers a flow that takes over an action (drain with its plan, migrate with a target). */
    public void addFlow(ActionFlow flow) {
        flows.add(flow);
    }

    public ActionCatalog catalog() {
        return catalog;
    }

    /** The choices for an item (its newest version); none on a read-only connection. */
    public List<ActionChoice> choices(Item item) {
        if (backend.readOnly(item.source())) {
            return List.of();
        }
        return catalog.choices(vm.item(item.id()).orElse(item));
    }

    /** Whether a registered flow (a dialog of its own: drain, migrate to a node) takes {@code action} on {@code item}. */
    public boolean hasFlow(Item item, Action action) {
        return flows.stream().anyMatch(f -> f.handles(item, action));
    }

    /** The user asked for {@code action} on {@code item}. */
    public void request(Item item, Action action) {
        Item now = vm.item(item.id()).orElse(item);
        if (backend.readOnly(now.source())) {
            notifier.notify(Notifier.Level.INFO, action.label() + " " + now.name(), "Its connection is read-only: "
                    + "Wharf changes nothing through it.");
            return;
        }
        ActionChoice c = catalog.choice(now, action);
        if (!c.enabled()) {
            notifier.notify(Notifier.Level.INFO, action.label() + " " + now.name(), c.reason());
            return;
        }
        for (ActionFlow f : flows) {
            if (f.handles(now, action)) {
                f.start(now, action);
                return;
            }
        }
        if (action.destructive()) {
            confirmer.confirm(now, action, ok -> {
                if (ok) {
                    run(now, action);
                }
            });
        } else {
            run(now, action);
        }
    }

    /**
     * Opens a display Wharf does not draw ({@code ExternalDisplay}: SPICE) in the source's external
     * viewer, off the UI thread; a missing viewer is one message saying how to install it.
     */
    public void openExternalDisplay(Item item) {
        String what = "Open the display of " + item.name();
        var viewer = backend.capability(item, dev.wharf.inventory.ExternalViewer.class);
        if (viewer.isEmpty()) {
            notifier.notify(Notifier.Level.INFO, what, "Its source cannot open an external viewer.");
            return;
        }
        runner.run(() -> {
            viewer.get().openExternal(item);
            return java.util.concurrent.CompletableFuture.<Void>completedFuture(null);
        }, (v, e) -> {
            if (e != null) {
                notifier.notify(Notifier.Level.ERROR, what, WharfException.userMessage(e));
            }
        });
    }

    private void run(Item item, Action action) {
        vm.busy().add(item.id());
        runner.run(() -> backend.perform(item, action), (v, e) -> {
            vm.busy().remove(item.id());
            if (e == null) {
                notifier.notify(Notifier.Level.SUCCESS, action.label() + " " + item.name(),
                        "Accepted by " + vm.source(item.source()).map(s -> s.name()).orElse(item.source())
                                + "; the new state will show when it happens.");
            } else {
                notifier.notify(Notifier.Level.ERROR, action.label() + " " + item.name() + " failed",
                        WharfException.userMessage(e));
            }
        });
    }
}
