package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.State;
import dev.wharf.views.fixtures.Items;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ActionCatalogTest {
    private final Set<String> busy = new java.util.HashSet<>();
    private final ActionCatalog catalog = new ActionCatalog(busy::contains);

    @Test
    void acceptedActionsAreEnabledAndTheirCounterpartsShownDisabledWithTheState() {
        var choices = catalog.choices(Items.VM);
        assertThat(choices).filteredOn(ActionChoice::enabled).extracting(ActionChoice::action)
                .containsExactly(Action.STOP, Action.RESTART, Action.PAUSE, Action.MIGRATE, Action.DELETE);
        ActionChoice start = choices.stream().filter(c -> c.action() == Action.START).findFirst().orElseThrow();
        assertThat(start.enabled()).isFalse();
        assertThat(start.reason()).isEqualTo("Start is not possible while db is running.");
        ActionChoice resume = choices.stream().filter(c -> c.action() == Action.RESUME).findFirst().orElseThrow();
        assertThat(resume.enabled()).isFalse();
    }

    @Test
    void aPodThatOnlyDeletesOffersOnlyDelete() {
        assertThat(catalog.choices(Items.WEB)).extracting(ActionChoice::action).containsExactly(Action.DELETE);
    }

    @Test
    void rbacDeniedActionsAreShownDisabledSayingWhy() {
        Item vm = Items.VM.toBuilder().actions(EnumSet.of(Action.STOP))
                .property(ActionCatalog.NOT_PERMITTED, "migrate (no update on virtualmachines/migrate)").build();
        ActionChoice migrate = catalog.choice(vm, Action.MIGRATE);
        assertThat(migrate.enabled()).isFalse();
        assertThat(migrate.reason()).startsWith("Not permitted: migrate");
        assertThat(catalog.choices(vm)).extracting(ActionChoice::action).contains(Action.MIGRATE);
    }

    @Test
    void staleAndBusyItemsAcceptNothingForNow() {
        assertThat(catalog.choice(Items.VM.withStale(true), Action.STOP).reason()).contains("unreachable");
        busy.add(Items.VM.id());
        ActionChoice c = catalog.choice(Items.VM, Action.STOP);
        assertThat(c.enabled()).isFalse();
        assertThat(c.reason()).contains("already running");
    }

    @Test
    void theReasonNamesTheCurrentState() {
        Item stopped = Items.VM.toBuilder().state(State.STOPPED).actions(EnumSet.of(Action.START)).build();
        assertThat(catalog.choice(stopped, Action.STOP).reason()).isEqualTo("Stop is not possible while db is stopped.");
        assertThat(catalog.choice(stopped, Action.START).enabled()).isTrue();
    }

    @Test
    void aDomainThatShutsDownSaysSoInsteadOfBlamingItsState() {
        Item domain = Items.NODE_VM.toBuilder()
                .actions(EnumSet.of(Action.SHUTDOWN, Action.FORCE_OFF, Action.REBOOT)).build();
        assertThat(catalog.choice(domain, Action.STOP).reason())
                .isEqualTo("node-a-vm offers Shut down or Force off instead of Stop.");
        assertThat(catalog.choice(domain, Action.RESTART).reason()).isEqualTo("node-a-vm offers Reboot instead of Restart.");
        assertThat(catalog.choice(domain, Action.START).reason()).isEqualTo("Start is not possible while node-a-vm is running.");
    }
}
