package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.views.fixtures.Items;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryViewModelTest {
    private final InventoryViewModel vm = new InventoryViewModel();

    @BeforeEach
    void load() {
        vm.apply(Items.initial());
    }

    @Test
    void launcherPodsAreHiddenButKnown() {
        assertThat(vm.visibleItems()).doesNotContain(Items.LAUNCHER).contains(Items.VM);
        assertThat(vm.item(Items.LAUNCHER.id())).contains(Items.LAUNCHER);
        assertThat(vm.ownedBy(Items.VM.id())).containsExactly(Items.LAUNCHER);
    }

    @Test
    void filtersNarrowTheVisibleItemsAndTheCounts() {
        vm.setFilter(ItemFilter.ALL.withKinds(Set.of(Kind.VM)));
        assertThat(vm.visibleItems()).extracting(Item::name).containsExactlyInAnyOrder("db", "node-a-vm");
        assertThat(vm.countsProperty().get().kind(Kind.VM)).isEqualTo(2);
        assertThat(vm.countsProperty().get().kind(Kind.POD)).isZero();

        vm.setFilter(ItemFilter.ALL.withIsolations(Set.of(Isolation.SANDBOX, Isolation.MICROVM)));
        assertThat(vm.visibleItems()).extracting(Item::name).containsExactlyInAnyOrder("pay-1", "job-1");

        vm.setFilter(ItemFilter.ALL.withText("shop web"));
        assertThat(vm.visibleItems()).extracting(Item::name).containsExactly("web-1");

        vm.setFilter(ItemFilter.ALL.withStates(Set.of(State.PENDING)).withNamespaces(Set.of("ops")));
        assertThat(vm.visibleItems()).extracting(Item::name).containsExactly("job-1");
        assertThat(vm.countsProperty().get().state(State.PENDING)).isEqualTo(1);
    }

    @Test
    void updatesReplaceInPlaceAndRemovalsDisappear() {
        vm.apply(Items.upsert(Items.VM.toBuilder().state(State.PAUSED).build()));
        assertThat(vm.item(Items.VM.id()).orElseThrow().state()).isEqualTo(State.PAUSED);
        assertThat(vm.items()).hasSize(Items.ALL.size());
        vm.apply(Items.remove(Items.WEB.id()));
        assertThat(vm.items()).hasSize(Items.ALL.size() - 1);
        assertThat(vm.visibleItems()).doesNotContain(Items.WEB);
        assertThat(vm.countsProperty().get().kind(Kind.POD)).isEqualTo(1);
    }

    @Test
    void theSelectionFollowsTheNewestVersionAndClearsWhenTheItemGoes() {
        vm.select(Items.VM.id());
        assertThat(vm.selected()).isEqualTo(Items.VM);
        Item paused = Items.VM.toBuilder().state(State.PAUSED).build();
        vm.apply(Items.upsert(paused));
        assertThat(vm.selected()).isEqualTo(paused);
        vm.apply(Items.remove(Items.VM.id()));
        assertThat(vm.selected()).isNull();
        assertThat(vm.selectedIdProperty().get()).isNull();
    }

    @Test
    void sourcesAndNamespacesAreListed() {
        assertThat(vm.sources()).containsExactly(Items.K8S_INFO, Items.LV_INFO);
        assertThat(vm.namespaces()).containsExactly("ops", "shop");
        vm.apply(new dev.wharf.inventory.InventoryDelta(false, java.util.List.of(), java.util.List.of(),
                java.util.List.of(Items.K8S_INFO.with(dev.wharf.inventory.SourceStatus.ERROR, "connection refused")),
                java.util.List.of()));
        assertThat(vm.source(Items.K8S).orElseThrow().message()).isEqualTo("connection refused");
        assertThat(vm.sources()).hasSize(2);
    }

    @Test
    void aStateOnlyUpdateIsNotStructuralAndKeepsTheCountsRight() {
        int running = vm.countsProperty().get().state(State.RUNNING);
        vm.apply(Items.upsert(Items.VM.toBuilder().state(State.PAUSED).build()));
        assertThat(vm.lastChangeWasStructural()).isFalse();
        assertThat(vm.countsProperty().get().state(State.RUNNING)).isEqualTo(running - 1);
        assertThat(vm.countsProperty().get().state(State.PAUSED)).isEqualTo(1);

        vm.apply(Items.upsert(Items.VM.toBuilder().state(State.PAUSED).on(Items.NODE_A.id()).build()));
        assertThat(vm.lastChangeWasStructural()).as("it moved").isTrue();

        vm.setFilter(ItemFilter.ALL.withStates(Set.of(State.RUNNING)));
        vm.apply(Items.upsert(Items.WEB.toBuilder().state(State.FAILED).build()));
        assertThat(vm.lastChangeWasStructural()).as("the filter looks at the state").isTrue();
        assertThat(vm.visibleItems()).doesNotContain(Items.WEB);
        assertThat(vm.listedCount()).isEqualTo(Items.ALL.size() - 1);
    }
}
