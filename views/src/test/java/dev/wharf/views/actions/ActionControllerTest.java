package dev.wharf.views.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionControllerTest {
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> performed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> confirmations = new ArrayList<>();
    private boolean confirmAnswer = true;
    private CompletableFuture<Void> outcome = CompletableFuture.completedFuture(null);
    private final List<Boolean> busyDuringPerform = new ArrayList<>();
    private ActionController controller;

    @BeforeEach
    void setUp() {
        vm.apply(Items.initial());
        Source source = new Source() {
            @Override
            public String id() {
                return Items.K8S;
            }

            @Override
            public void start() {
            }

            @Override
            public CompletableFuture<Void> perform(Item item, Action action) {
                performed.add(action.wire() + " " + item.name());
                busyDuringPerform.add(vm.busy().contains(item.id()));
                return outcome;
            }

            @Override
            public void close() {
            }
        };
        controller = new ActionController(vm, Backend.of(List.of(source)), TaskRunner.synchronous(),
                (item, action, answer) -> {
                    confirmations.add(action.label() + " " + item.name());
                    answer.accept(confirmAnswer);
                },
                (level, title, message) -> notes.add(level + ": " + title + ": " + message));
    }

    @Test
    void aDestructiveActionAsksFirstAndRunsOnlyWhenConfirmed() {
        confirmAnswer = false;
        controller.request(Items.VM, Action.STOP);
        assertThat(confirmations).containsExactly("Stop db");
        assertThat(performed).isEmpty();

        confirmAnswer = true;
        controller.request(Items.VM, Action.STOP);
        assertThat(performed).containsExactly("stop db");
        assertThat(busyDuringPerform).containsExactly(true);
        assertThat(vm.busy()).isEmpty();
        assertThat(notes).singleElement().asString().startsWith("SUCCESS: Stop db");
    }

    @Test
    void aHarmlessActionRunsWithoutConfirmation() {
        controller.request(Items.VM, Action.PAUSE);
        assertThat(confirmations).isEmpty();
        assertThat(performed).containsExactly("pause db");
    }

    @Test
    void aRefusalShowsTheSourcesMessage() {
        outcome = CompletableFuture.failedFuture(new WharfException(
                "db cannot be paused now: the VM is not running (409 Conflict)"));
        controller.request(Items.VM, Action.PAUSE);
        assertThat(notes).containsExactly(
                "ERROR: Pause db failed: db cannot be paused now: the VM is not running (409 Conflict)");
        assertThat(vm.busy()).isEmpty();
    }

    @Test
    void anActionTheItemDoesNotAcceptIsNotSentAndSaysWhy() {
        controller.request(Items.VM, Action.START);
        assertThat(performed).isEmpty();
        assertThat(notes).containsExactly("INFO: Start db: Start is not possible while db is running.");
    }

    @Test
    void thePaletteFindsActionsByFuzzyText() {
        List<CommandPalette.Entry> hits = CommandPalette.search("stp db", List.copyOf(vm.visibleItems()), controller, 10);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).label()).isEqualTo("Stop: db");
        assertThat(CommandPalette.search("zzzz", List.copyOf(vm.visibleItems()), controller, 10)).isEmpty();
        assertThat(CommandPalette.search("go web", List.copyOf(vm.visibleItems()), controller, 10).get(0).label())
                .isEqualTo("Go to: web-1");
    }

    @Test
    void withNothingTypedThePaletteStartsWithTheSelectionsActionsNotDeleteForEverything() {
        List<Item> items = new java.util.ArrayList<>(vm.visibleItems());
        items.remove(Items.VM);
        items.add(0, Items.VM); // the window puts the selection first
        List<CommandPalette.Entry> hits = CommandPalette.search("", items, controller, 10);
        assertThat(hits.get(0).item()).isEqualTo(Items.VM);
        assertThat(hits.get(0).label()).isEqualTo("Stop: db");
    }
}
