package dev.wharf.views.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.model.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The edit window on an in-memory editor that behaves like the connectors' (a version that moves on
 * when someone else writes): edit → diff and dry-run verdict → Apply; a conflict → Show new diff → Apply.
 */
@ExtendWith(ApplicationExtension.class)
class EditWindowTest {
    static final Item VM = Item.builder("k8s:t|vm/prod/db", "k8s:t", Kind.VM, "db").namespace("prod").build();

    /** A server holding one definition and its version; {@code applied} logs what was written. */
    static class Server implements DefinitionEditor {
        String text = "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: db\nspec:\n  cores: 1\n  memory: 1Gi\n";
        int version = 1;
        final List<String> applied = new ArrayList<>();
        final List<String> dryRuns = new ArrayList<>();

        @Override public boolean canEdit(Item item) { return true; }

        @Override
        public CompletableFuture<Definition> load(Item item) {
            return CompletableFuture.completedFuture(new Definition(item, "yaml", text, Integer.toString(version),
                    "VirtualMachine prod/db"));
        }

        @Override
        public List<Problem> validate(Definition base, String edited) {
            return edited.contains("name: db\n") ? List.of() : List.of(new Problem(4, 3, "metadata.name was changed"));
        }

        @Override
        public CompletableFuture<Verdict> dryRun(Definition base, String edited) {
            dryRuns.add(edited);
            return CompletableFuture.completedFuture(Verdict.of(Outcome.VALID, "The server accepts this change (dry run; nothing written)."));
        }

        @Override
        public CompletableFuture<Verdict> apply(Definition base, String edited) {
            if (!base.version().equals(Integer.toString(version))) {
                return CompletableFuture.completedFuture(Verdict.of(Outcome.CONFLICT, "VirtualMachine prod/db was changed on the server since it was loaded."));
            }
            applied.add(edited);
            text = edited;
            version++;
            return CompletableFuture.completedFuture(Verdict.of(Outcome.APPLIED, "Applied: VirtualMachine prod/db updated."));
        }
    }

    private final Server server = new Server();
    private EditWindow window;
    private int written;

    @Start
    void start(Stage stage) {
        window = new EditWindow(server, TaskRunner.synchronous(), VM, null);
        window.setOnWritten(() -> written++);
        window.open();
    }

    private String status(FxRobot robot) {
        return robot.lookup("#edit-status").queryAs(Label.class).getText();
    }

    private void edit(FxRobot robot, String from, String to) {
        CodeArea area = robot.lookup("#edit-area").queryAs(CodeArea.class);
        robot.interact(() -> area.replaceText(area.getText().replace(from, to)));
        robot.sleep(400); // the pause after typing, then validation
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private ListView<SideBySide.Row> diff(FxRobot robot) {
        return robot.lookup("#edit-diff").queryAs(ListView.class);
    }

    @Test
    void anEditIsReviewedAsASideBySideDiffWithTheDryRunThenApplied(FxRobot robot) {
        assertThat(robot.lookup("#edit-area").queryAs(CodeArea.class).getText()).isEqualTo(server.text);
        edit(robot, "cores: 1", "cores: 2");
        assertThat(status(robot)).isEqualTo("Valid YAML. Review the changes before applying them.");
        assertThat(robot.lookup("#edit-apply").queryButton().isVisible()).as("no Apply before the review").isFalse();

        robot.clickOn("#edit-review");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(server.dryRuns).hasSize(1);
        assertThat(server.applied).as("nothing written by the review").isEmpty();
        assertThat(diff(robot).getItems()).filteredOn(r -> r.change() != SideBySide.Change.EQUAL)
                .singleElement().satisfies(r -> {
                    assertThat(r.left()).isEqualTo("  cores: 1");
                    assertThat(r.right()).isEqualTo("  cores: 2");
                    assertThat(r.leftLine()).isEqualTo(6);
                });
        assertThat(status(robot)).isEqualTo("The server accepts this change (dry run; nothing written). 1 line differs.");

        robot.clickOn("#edit-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(server.applied).singleElement().asString().contains("cores: 2");
        assertThat(status(robot)).isEqualTo("Applied: VirtualMachine prod/db updated.");
        assertThat(written).as("the details pane is told, to show the new definition").isEqualTo(1);
    }

    @Test
    void aProblemShowsAsYouTypeAndThereIsNoReview(FxRobot robot) {
        edit(robot, "name: db", "name: db2");
        assertThat(status(robot)).isEqualTo("line 4, column 3: metadata.name was changed");
        assertThat(robot.lookup("#edit-review").queryButton().isDisabled()).isTrue();
    }

    @Test
    void aConflictOffersTheNewDiffAndTheEditAppliesOnTopOfTheNewVersion(FxRobot robot) {
        edit(robot, "cores: 1", "cores: 2");
        // someone else changes the memory meanwhile
        server.text = server.text.replace("memory: 1Gi", "memory: 2Gi");
        server.version++;
        robot.clickOn("#edit-review");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#edit-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot)).startsWith("VirtualMachine prod/db was changed on the server");
        assertThat(server.applied).isEmpty();
        assertThat(written).isZero();
        assertThat(robot.lookup("#edit-reload").queryButton().isVisible()).isTrue();

        robot.clickOn("#edit-rebase");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(diff(robot).getItems()).filteredOn(r -> r.change() != SideBySide.Change.EQUAL)
                .extracting(SideBySide.Row::left).containsExactly("  cores: 1", "  memory: 2Gi");
        robot.clickOn("#edit-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(server.applied).singleElement().asString().contains("cores: 2", "memory: 1Gi");
    }
}
