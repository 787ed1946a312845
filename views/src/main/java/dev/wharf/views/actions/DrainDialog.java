package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Drain: reads the plan off the UI thread, shows what will be evicted and what stays (and why),
 * and once confirmed shows each pod's outcome as it happens — evicted, or refused with the
 * PodDisruptionBudget's message — then a summary. Closing the dialog does not stop a drain.
 */
public final class DrainDialog implements ActionFlow {
    private final InventoryViewModel vm;
    private final Backend backend;
    private final TaskRunner runner;
    private final Notifier notifier;
    private final Supplier<Window> owner;

    public DrainDialog(InventoryViewModel vm, Backend backend, TaskRunner runner, Notifier notifier,
                       Supplier<Window> owner) {
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.notifier = notifier;
        this.owner = owner;
    }

    @Override
    public boolean handles(Item item, Action action) {
        return action == Action.DRAIN && backend.capability(item, Drainer.class).isPresent();
    }

    @Override
    public void start(Item node, Action action) {
        Drainer drainer = backend.capability(node, Drainer.class).orElseThrow();
        runner.run(() -> drainer.planDrain(node), (plan, e) -> {
            if (e != null) {
                notifier.notify(Notifier.Level.ERROR, "Drain " + node.name(), WharfException.userMessage(e));
            } else {
                show(node, drainer, plan);
            }
        });
    }

    private void show(Item node, Drainer drainer, Drainer.Plan plan) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.initModality(Modality.NONE);
        dialog.setTitle("Drain " + node.name());
        dialog.setHeaderText("Drain node \u201c" + node.name() + "\u201d?");
        dialog.getDialogPane().getStyleClass().addAll("confirm-dialog", "drain-dialog");
        dialog.getDialogPane().setId("drain-dialog");
        ButtonType go = new ButtonType("Drain", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, go);

        Label intro = new Label(node.name() + " will be cordoned (no new pods are scheduled there), then each pod below "
                + "is evicted through the eviction API, one by one. A PodDisruptionBudget may refuse an eviction: "
                + "that pod stays and is listed as refused.");
        intro.setWrapText(true);
        Map<String, Label> outcomes = new LinkedHashMap<>();
        GridPane evict = new GridPane();
        evict.setId("drain-evict");
        evict.setHgap(14);
        evict.setVgap(4);
        int row = 0;
        for (String pod : plan.evict()) {
            Label name = new Label(pod);
            name.getStyleClass().add("drain-pod");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label outcome = new Label("");
            outcome.getStyleClass().add("drain-outcome");
            outcome.setWrapText(true);
            outcomes.put(pod, outcome);
            evict.addRow(row++, name, outcome);
        }
        VBox skip = new VBox(4);
        skip.setId("drain-skip");
        for (Drainer.Skipped s : plan.skip()) {
            Label l = new Label(s.pod() + " \u2014 " + s.why());
            l.getStyleClass().addAll("drain-skipped", "muted");
            l.setWrapText(true);
            skip.getChildren().add(l);
        }
        Label evictTitle = new Label(plan.evict().isEmpty() ? "Nothing to evict: only the cordon will happen."
                : "Will be evicted (" + plan.evict().size() + "):");
        evictTitle.getStyleClass().add("section-title");
        VBox body = new VBox(10, intro, evictTitle, evict);
        if (!plan.skip().isEmpty()) {
            Label skipTitle = new Label("Left in place (" + plan.skip().size() + "):");
            skipTitle.getStyleClass().add("section-title");
            body.getChildren().addAll(skipTitle, skip);
        }
        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label("");
        status.setId("drain-status");
        status.setWrapText(true);
        VBox progress = new VBox(6, bar, status);
        progress.setManaged(false);
        progress.setVisible(false);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportWidth(640);
        scroll.setPrefViewportHeight(Math.min(420, 150 + 26 * (plan.evict().size() + plan.skip().size())));
        // the progress stays in sight below the list, whatever is scrolled
        VBox content = new VBox(10, scroll, progress);
        dialog.getDialogPane().setContent(content);

        Button goButton = (Button) dialog.getDialogPane().lookupButton(go);
        goButton.getStyleClass().add("danger");
        goButton.setDefaultButton(false);
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true);
        goButton.addEventFilter(ActionEvent.ACTION, ev -> {
            ev.consume(); // stay open: the dialog shows the progress
            goButton.setDisable(true);
            cancel.setText("Close");
            progress.setManaged(true);
            progress.setVisible(true);
            status.setText("Cordoning " + node.name() + "…");
            dialog.setHeaderText("Draining node \u201c" + node.name() + "\u201d");
            run(node, drainer, plan, outcomes, bar, status, dialog);
        });
        dialog.show();
    }

    private void run(Item node, Drainer drainer, Drainer.Plan plan, Map<String, Label> rows, ProgressBar bar,
                     Label status, Dialog<ButtonType> dialog) {
        vm.busy().add(node.id());
        int total = Math.max(1, plan.evict().size());
        int[] done = {0};
        runner.run(() -> drainer.drain(node, o -> runner.onUi(() -> {
            done[0]++;
            bar.setProgress(done[0] / (double) total);
            status.setText("Evicted or tried " + done[0] + " of " + plan.evict().size() + "…");
            Label l = rows.get(o.pod());
            if (l == null) {
                return; // a pod that arrived after the plan: counted in the summary
            }
            l.setText(words(o));
            l.getStyleClass().add(o.result() == Drainer.Result.EVICTED ? "drain-evicted" : "drain-refused");
        })), (List<Drainer.Outcome> outcomes, Throwable e) -> {
            vm.busy().remove(node.id());
            bar.setProgress(1);
            if (e != null) {
                status.setText(WharfException.userMessage(e));
                status.getStyleClass().add("error-text");
                notifier.notify(Notifier.Level.ERROR, "Drain " + node.name() + " failed", WharfException.userMessage(e));
                return;
            }
            String summary = summary(node, outcomes);
            status.setText(summary);
            dialog.setHeaderText("Drained node \u201c" + node.name() + "\u201d");
            notifier.notify(outcomes.stream().allMatch(o -> o.result() == Drainer.Result.EVICTED)
                    ? Notifier.Level.SUCCESS : Notifier.Level.ERROR, "Drain " + node.name(), summary);
        });
    }

    /** "Evicted", "Refused: Cannot evict pod as it would violate the pod's disruption budget.", "Failed: …". */
    static String words(Drainer.Outcome o) {
        return switch (o.result()) {
            case EVICTED -> "Evicted" + (o.message().isEmpty() ? "" : " (" + o.message() + ")");
            case REFUSED -> "Refused: " + o.message();
            case FAILED -> "Failed: " + o.message();
        };
    }

    /**
     * "node-a is cordoned; 3 pods evicted, 1 refused by a disruption budget (shop/db-0): drain again when it
     * allows." — at most three pods are named; the list above has them all.
     */
    static String summary(Item node, List<Drainer.Outcome> outcomes) {
        long evicted = outcomes.stream().filter(o -> o.result() == Drainer.Result.EVICTED).count();
        List<String> refused = pods(outcomes, Drainer.Result.REFUSED);
        List<String> failed = pods(outcomes, Drainer.Result.FAILED);
        StringBuilder s = new StringBuilder(node.name() + " is cordoned; " + evicted + (evicted == 1 ? " pod" : " pods")
                + " evicted");
        if (!refused.isEmpty()) {
            s.append(", ").append(refused.size()).append(" refused by a disruption budget (").append(names(refused))
                    .append(")");
        }
        if (!failed.isEmpty()) {
            s.append(", ").append(failed.size()).append(" failed (").append(names(failed)).append(")");
        }
        if (!refused.isEmpty()) {
            s.append(": drain again when ").append(refused.size() == 1 ? "its budget allows" : "their budgets allow");
        }
        return s.append('.').toString();
    }

    private static List<String> pods(List<Drainer.Outcome> outcomes, Drainer.Result r) {
        return outcomes.stream().filter(o -> o.result() == r).map(Drainer.Outcome::pod).toList();
    }

    private static String names(List<String> pods) {
        return pods.size() <= 3 ? String.join(", ", pods) : String.join(", ", pods.subList(0, 2)) + " and "
                + (pods.size() - 2) + " more";
    }
}
