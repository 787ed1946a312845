package dev.wharf.views.edit;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.DefinitionEditor.Definition;
import dev.wharf.inventory.DefinitionEditor.Outcome;
import dev.wharf.inventory.DefinitionEditor.Problem;
import dev.wharf.inventory.DefinitionEditor.Verdict;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.model.TaskRunner;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.animation.PauseTransition;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

/**
 * Edits one item's definition: the YAML or XML in a code area (colours and validation recomputed off
 * the UI thread, 250 ms after typing pauses), then <b>Review</b>: the side-by-side diff against the
 * live definition and the server's dry-run verdict, and only then <b>Apply</b>. A conflict (the
 * definition changed on the server meanwhile) offers <b>Reload</b> (the new definition, edits
 * dropped) and <b>Show new diff</b> (the same edit against the new definition, to review again).
 * Every call goes through the item's {@link DefinitionEditor}; nothing is written before Apply.
 */
public final class EditWindow {
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    /** How long a load, dry run or apply may take before the window says there is no answer (it never waits forever). */
    static final long ANSWER_SECONDS = 60;

    private final DefinitionEditor editor;
    private final TaskRunner runner;
    private final Item item;
    private final Stage stage = new Stage();
    private final CodeArea area = new CodeArea();
    private final ListView<SideBySide.Row> diff = new ListView<>();
    private final StackPane centre = new StackPane();
    private final Label title = new Label();
    private final Label status = new Label();
    private final Button review = new Button("Review changes…");
    private final Button back = new Button("Edit");
    private final Button apply = new Button("Apply");
    private final Button reload = new Button("Reload");
    private final Button rebase = new Button("Show new diff");
    private final Button close = new Button("Close");
    private final PauseTransition typing = new PauseTransition(Duration.millis(250));
    private final VirtualizedScrollPane<CodeArea> editorPane;

    private Definition base;
    /** The text the current review (diff + dry run) is about; Apply sends exactly this. */
    private String reviewed;
    private long edits;
    /** Lines changed by the reviewed edit (the dry run's task counts them). */
    private long changedLines;
    private Runnable onWritten = () -> { };

    public EditWindow(DefinitionEditor editor, TaskRunner runner, Item item, Window owner) {
        this.editor = editor;
        this.runner = runner;
        this.item = item;
        area.setId("edit-area");
        area.getStyleClass().add("edit-area");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        editorPane = new VirtualizedScrollPane<>(area);
        diff.setId("edit-diff");
        diff.getStyleClass().add("edit-diff");
        diff.setCellFactory(l -> new RowCell());
        centre.getChildren().addAll(diff, editorPane);

        title.getStyleClass().add("edit-title");
        status.setId("edit-status");
        status.getStyleClass().add("edit-status");
        status.setWrapText(true);
        review.setId("edit-review");
        back.setId("edit-back");
        apply.setId("edit-apply");
        apply.getStyleClass().add("accent");
        reload.setId("edit-reload");
        rebase.setId("edit-rebase");
        close.setId("edit-close");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, status, gap, reload, rebase, back, review, apply, close);
        HBox.setHgrow(status, Priority.SOMETIMES);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getStyleClass().add("edit-buttons");
        VBox.setVgrow(centre, Priority.ALWAYS);
        BorderPane root = new BorderPane(centre, title, null, buttons, null);
        root.getStyleClass().add("edit-window");

        area.textProperty().addListener((o, a, b) -> {
            edits++;
            typing.playFromStart();
        });
        typing.setOnFinished(e -> analyse());
        review.setOnAction(e -> startReview());
        back.setOnAction(e -> editing());
        apply.setOnAction(e -> apply());
        reload.setOnAction(e -> load(false));
        rebase.setOnAction(e -> load(true));
        close.setOnAction(e -> stage.close());

        Scene scene = new Scene(root, 1180, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            stage.initOwner(owner);
        }
        scene.getStylesheets().add(EditWindow.class.getResource("edit.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Edit " + item.name());
        title.setText("Loading the definition of " + item.name() + "…");
        show(false, false, false, false);
    }

    /** Shows the window and loads the definition. */
    public void open() {
        stage.show();
        load(false);
    }

    /** Runs on the UI thread after each apply that wrote the definition (the details pane shows the new one). */
    public void setOnWritten(Runnable r) {
        this.onWritten = r == null ? () -> { } : r;
    }

    /** The window (for tests and screenshots). */
    public Stage stage() {
        return stage;
    }

    /**
     * Loads the live definition. {@code keepEdit}: the edit stays and is reviewed against it ("Show
     * new diff"); else the editor shows it (first load, "Reload").
     */
    private void load(boolean keepEdit) {
        status.setText("Loading…");
        show(false, false, false, false);
        runner.run(() -> within(editor.load(item)), (d, e) -> {
            if (e != null) {
                say(problem(e, "read the definition"), true);
                title.setText("Cannot edit " + item.name());
                return;
            }
            base = d;
            title.setText("Edit " + d.label() + " (" + d.language().toUpperCase(java.util.Locale.ROOT) + ")");
            if (keepEdit) {
                startReview();
            } else {
                area.replaceText(d.text());
                area.moveTo(0);
                area.getUndoManager().forgetHistory();
                editing();
                area.showParagraphAtTop(0); // the top of the definition, not where the replaced text ended
            }
        });
    }

    private void editing() {
        reviewed = null;
        editorPane.setVisible(true);
        diff.setVisible(false);
        show(true, false, false, false);
        analyse();
        area.requestFocus();
    }

    /** Colours and local problems of the current text, computed off the UI thread; a stale answer is dropped. */
    private void analyse() {
        Definition b = base;
        if (b == null) {
            return;
        }
        String text = area.getText();
        long at = edits;
        runner.run(() -> CompletableFuture.completedFuture(new Analysis(Highlighting.of(b.language(), text),
                editor.validate(b, text))), (a, e) -> {
            if (e != null || at != edits || !text.equals(area.getText())) {
                return;
            }
            area.setStyleSpans(0, a.spans());
            if (reviewed == null) {
                review.setDisable(!a.problems().isEmpty());
                if (a.problems().isEmpty()) {
                    say(text.equals(b.text()) ? "No changes yet." : "Valid " + b.language().toUpperCase(java.util.Locale.ROOT)
                            + ". Review the changes before applying them.", false);
                } else {
                    say(a.problems().get(0).toString(), true);
                    Problem p = a.problems().get(0);
                    if (p.line() > 0 && p.line() <= area.getParagraphs().size()) {
                        area.showParagraphInViewport(p.line() - 1);
                    }
                }
            }
        });
    }

    private record Analysis(org.fxmisc.richtext.model.StyleSpans<java.util.Collection<String>> spans, List<Problem> problems) {
    }

    private void startReview() {
        Definition b = base;
        String text = area.getText();
        reviewed = text;
        show(false, false, false, false);
        say("Running the dry run…", false);
        runner.run(() -> CompletableFuture.completedFuture(SideBySide.of(b.text(), text)), (rows, e) -> {
            if (e == null && text.equals(reviewed)) {
                diff.getItems().setAll(rows);
                diff.setVisible(true);
                editorPane.setVisible(false);
            }
        });
        // the verdict counts the changed lines itself: with a real background pool it may arrive before the rows
        runner.run(() -> {
            long changed = SideBySide.changes(SideBySide.of(b.text(), text));
            return within(editor.dryRun(b, text)).thenApply(v -> new Checked(v, changed));
        }, (c, e) -> {
            if (!text.equals(reviewed)) {
                return;
            }
            if (e != null) {
                say(problem(e, "run the dry run"), true);
                show(false, true, false, false);
                return;
            }
            changedLines = c.changedLines();
            verdict(c.verdict(), true);
        });
    }

    /** A dry run's verdict and the number of lines the reviewed edit changes. */
    private record Checked(Verdict verdict, long changedLines) {
    }

    private void apply() {
        Definition b = base;
        String text = reviewed;
        show(false, false, false, false);
        say("Applying…", false);
        runner.run(() -> within(editor.apply(b, text)), (v, e) -> {
            if (e != null) {
                say(e instanceof TimeoutException ? "No answer within " + ANSWER_SECONDS + " s: the change may or may "
                        + "not have been written. Reload to see the definition as it is now." : problem(e, "apply"), true);
                show(false, true, true, false);
                return;
            }
            verdict(v, false);
        });
    }

    private static <T> CompletableFuture<T> within(CompletableFuture<T> answer) {
        return answer.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS);
    }

    private String problem(Throwable e, String what) {
        return e instanceof TimeoutException ? "No answer within " + ANSWER_SECONDS + " s when trying to " + what + " of "
                + item.name() + ". Check its source's connection, then try again." : WharfException.userMessage(e);
    }

    private void verdict(Verdict v, boolean dryRun) {
        Outcome o = v.outcome();
        String m = v.message() + warnings(v);
        switch (o) {
            case VALID -> {
                say(v.message() + " " + (changedLines == 1 ? "1 line differs." : changedLines + " lines differ.")
                        + warnings(v), false);
                show(false, true, true, false);
            }
            case UNCHANGED -> {
                say(m, false);
                show(false, true, false, false);
            }
            case APPLIED, APPLIES_AT_NEXT_BOOT -> {
                say(m, false);
                status.pseudoClassStateChanged(OK, true);
                show(false, false, false, false);
                onWritten.run();
            }
            case CONFLICT -> {
                say(m, true);
                show(false, true, false, true);
            }
            default -> {
                say(m, true);
                show(false, true, false, false);
            }
        }
    }

    /** The server's warnings as kubectl prints them, one per line. */
    static String warnings(Verdict v) {
        StringBuilder b = new StringBuilder();
        v.warnings().forEach(w -> b.append("\nWarning: ").append(w));
        return b.toString();
    }

    private void say(String text, boolean error) {
        status.setText(text);
        status.pseudoClassStateChanged(ERROR, error);
        status.pseudoClassStateChanged(OK, false);
    }

    private void show(boolean canReview, boolean canGoBack, boolean canApply, boolean conflict) {
        set(review, canReview);
        set(back, canGoBack);
        set(apply, canApply);
        set(reload, conflict);
        set(rebase, conflict);
    }

    private static void set(Button b, boolean on) {
        b.setVisible(on);
        b.setManaged(on);
    }

    /** One diff row: the live line on the left, the edited one on the right, coloured by how they differ. */
    private static final class RowCell extends ListCell<SideBySide.Row> {
        private final Label leftNo = new Label();
        private final Label left = new Label();
        private final Label rightNo = new Label();
        private final Label right = new Label();
        private final HBox box;

        RowCell() {
            for (Label l : new Label[] {leftNo, rightNo}) {
                l.getStyleClass().add("diff-line-no");
                l.setMinWidth(Region.USE_PREF_SIZE);
            }
            left.getStyleClass().addAll("diff-text", "diff-left");
            right.getStyleClass().addAll("diff-text", "diff-right");
            for (Label l : new Label[] {left, right}) {
                l.setMaxWidth(Double.MAX_VALUE);
                l.setMinWidth(0);
                HBox.setHgrow(l, Priority.ALWAYS);
            }
            box = new HBox(0, leftNo, left, rightNo, right);
            left.prefWidthProperty().bind(box.widthProperty().subtract(100).divide(2));
            right.prefWidthProperty().bind(box.widthProperty().subtract(100).divide(2));
            setText(null);
        }

        @Override
        protected void updateItem(SideBySide.Row row, boolean empty) {
            super.updateItem(row, empty);
            for (String c : new String[] {"diff-equal", "diff-changed", "diff-added", "diff-removed"}) {
                box.getStyleClass().remove(c);
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            leftNo.setText(row.leftLine() == 0 ? "" : Integer.toString(row.leftLine()));
            rightNo.setText(row.rightLine() == 0 ? "" : Integer.toString(row.rightLine()));
            left.setText(row.left());
            right.setText(row.right());
            box.getStyleClass().add("diff-" + row.change().name().toLowerCase(java.util.Locale.ROOT));
            setGraphic(box);
        }
    }
}
