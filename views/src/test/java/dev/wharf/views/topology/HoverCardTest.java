package dev.wharf.views.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.views.fixtures.Items;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The hover card's words: only what the item offers, and no state said twice. */
class HoverCardTest {
    private static final Item BARE_NODE = Item.builder(Items.K8S + "|node/metal-1", Items.K8S, Kind.NODE, "metal-1")
            .state(State.RUNNING).status("Ready").build();

    @Test
    void aBareMetalNodeWithoutConsoleOrActionsPromisesNothing() {
        assertThat(HoverCard.hint(BARE_NODE, null)).isEmpty();
    }

    @Test
    void aNodeThatIsAVmOffersItsVmsConsole() {
        Item carrier = Items.NODE_VM.toBuilder().consoles(List.of(ConsoleType.SERIAL)).build();
        assertThat(HoverCard.hint(Items.NODE_A, carrier)).isEqualTo("Double-click for its VM's console");
    }

    @Test
    void aWorkloadSaysConsoleAndActionsWhenItHasThem() {
        assertThat(HoverCard.hint(Items.VM, null)).isEqualTo("Double-click for console · right-click for actions");
        Item noConsole = Items.SANDBOX;
        assertThat(noConsole.actions()).contains(Action.DELETE);
        assertThat(HoverCard.hint(noConsole, null)).isEqualTo("Right-click for actions");
    }

    @Test
    void theStatusIsShownOnlyWhenItSaysMoreThanTheState() {
        Item unknown = BARE_NODE.toBuilder().state(State.UNKNOWN).status("Unknown").build();
        assertThat(HoverCard.stateLine(unknown)).isEqualTo("Unknown");
        Item crash = Items.WEB.toBuilder().state(State.FAILED).status("CrashLoopBackOff").build();
        assertThat(HoverCard.stateLine(crash)).isEqualTo("Failed — CrashLoopBackOff");
    }
}
