package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.model.ActionCatalog;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One action on a multi-selection: only the actions every selected item accepts now are offered;
 * ONE confirmation lists the targets (a delete asks to type their count); the requests go through
 * {@link Backend#perform} at most {@link #PARALLEL} at once, each item busy (a spinner) while its
 * request runs; at the end one notification with each item's outcome ("3 stopped, 1 refused: db-2
 * (…)"). Like single actions it never edits items: the changes arrive from the sources.
 */
public final class BulkActionFlow {
    /** How many requests run at once. */
    public static final int PARALLEL = 4;

    /** How one item's request ended; {@code message} is the source's refusal, empty when accepted. */
    public record Outcome(Item item, Action action, boolean ok, boolean refused, String message) {
    }

    /** Asks once for a bulk action; answers later (never blocks). */
    @FunctionalInterface
    public interface BulkConfirmer {
        void confirm(List<Item> targets, Action action, Consumer<Boolean> answer);
    }

    private final InventoryViewModel vm;
    private final Backend backend;
    private final TaskRunner runner;
    private final BulkConfirmer confirmer;
    private final Notifier notifier;
    private final ActionController single;
    private Consumer<List<Outcome>> onDone = o -> { };

    public BulkActionFlow(InventoryViewModel vm, Backend backend, TaskRunner runner, BulkConfirmer confirmer,
                          Notifier notifier, ActionController single) {
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.confirmer = confirmer;
        this.notifier = notifier;
        this.single = single;
    }

    /** Hears every bulk run's outcomes when the last request answered (tests, a status line). */
    public void setOnDone(Consumer<List<Outcome>> f) {
        onDone = f;
    }

    /**
     * The actions every item accepts now (enabled for each: its state, RBAC, not busy, not stale,
     * not read-only), in {@link Action} order; an action that needs a dialog of its own (drain,
     * migrate to a node) is left out: it is done one item at a time.
     */
    public List<Action> common(List<Item> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        ActionCatalog catalog = single.catalog();
        Set<Action> all = EnumSet.allOf(Action.class);
        for (Item i : items) {
            Item now = vm.item(i.id()).orElse(i);
            all.removeIf(a -> backend.readOnly(now.source()) || !catalog.choice(now, a).enabled() || single.hasFlow(now, a));
        }
        return List.copyOf(all);
    }

    /** The user asked for {@code action} on {@code items}: one confirmation, then the run. */
    public void request(List<Item> items, Action action) {
        List<Item> targets = items.stream().map(i -> vm.item(i.id()).orElse(i)).toList();
        if (!common(targets).contains(action)) {
            notifier.notify(Notifier.Level.INFO, action.label() + " " + targets.size() + " items",
                    "Not every selected item accepts " + action.label() + " now; select only those that do.");
            return;
        }
        confirmer.confirm(targets, action, ok -> {
            if (ok) {
                run(targets, action);
            }
        });
    }

    /** Runs {@code action} on every item, at most {@link #PARALLEL} at once; ends in one summary. */
    public void run(List<Item> items, Action action) {
        Deque<Item> waiting = new ArrayDeque<>(items);
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        items.forEach(i -> outcomes.put(i.id(), null));
        int[] running = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            while (running[0] < PARALLEL && !waiting.isEmpty()) {
                Item item = waiting.poll();
                running[0]++;
                vm.busy().add(item.id());
                runner.run(() -> backend.perform(item, action), (v, e) -> {
                    vm.busy().remove(item.id());
                    running[0]--;
                    outcomes.put(item.id(), e == null ? new Outcome(item, action, true, false, "")
                            : new Outcome(item, action, false, e instanceof WharfException, WharfException.userMessage(e)));
                    if (waiting.isEmpty() && running[0] == 0) {
                        finish(action, new ArrayList<>(outcomes.values()));
                    } else {
                        next[0].run();
                    }
                });
            }
        };
        next[0].run();
    }

    private void finish(Action action, List<Outcome> outcomes) {
        boolean allOk = outcomes.stream().allMatch(Outcome::ok);
        notifier.notify(allOk ? Notifier.Level.SUCCESS : Notifier.Level.ERROR,
                action.label() + " " + outcomes.size() + " items", summary(action, outcomes));
        onDone.accept(outcomes);
    }

    /** "3 stopped, 1 refused: db-2 (Operation cannot be fulfilled …)". */
    public static String summary(Action action, List<Outcome> outcomes) {
        long ok = outcomes.stream().filter(Outcome::ok).count();
        List<Outcome> refused = outcomes.stream().filter(o -> !o.ok() && o.refused()).toList();
        List<Outcome> failed = outcomes.stream().filter(o -> !o.ok() && !o.refused()).toList();
        List<String> parts = new ArrayList<>();
        if (ok > 0) {
            parts.add(ok + " " + done(action));
        }
        if (!refused.isEmpty()) {
            parts.add(refused.size() + " refused: " + reasons(refused));
        }
        if (!failed.isEmpty()) {
            parts.add(failed.size() + " failed: " + reasons(failed));
        }
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            // "3 stopped, 1 refused: a (…); 1 failed: b (…)": a list of reasons ends with ";"
            b.append(b.length() == 0 ? "" : b.indexOf(":") >= 0 ? "; " : ", ").append(p);
        }
        return b.toString();
    }

    private static String reasons(List<Outcome> list) {
        List<String> out = new ArrayList<>();
        for (Outcome o : list) {
            out.add(o.item().name() + " (" + o.message() + ")");
        }
        return String.join(", ", out);
    }

    /** What the summary says of an accepted request: "started", "shut down". */
    static String done(Action a) {
        return switch (a) {
            case START -> "started";
            case STOP -> "stopped";
            case RESTART, RESTART_WORKLOAD -> "restarted";
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case MIGRATE -> "migrating";
            case DELETE -> "deleted";
            case SHUTDOWN -> "shutting down";
            case REBOOT -> "rebooting";
            case FORCE_OFF -> "forced off";
            case CORDON -> "cordoned";
            case UNCORDON -> "uncordoned";
            case DRAIN -> "drained";
            case CANCEL_MIGRATION -> "migration cancelled";
        };
    }
}
