package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.views.fixtures.Items;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelectionTest {
    private final InventoryViewModel vm = new InventoryViewModel();

    @BeforeEach
    void load() {
        vm.apply(Items.initial());
    }

    @Test
    void ctrlClicksAddAndRemoveWhileThePrimaryIsTheLastPicked() {
        vm.select(Items.WEB.id());
        vm.selection().toggle(Items.VM.id());
        vm.selection().toggle(Items.SANDBOX.id());
        assertThat(vm.selection().ids()).containsExactly(Items.WEB.id(), Items.VM.id(), Items.SANDBOX.id());
        assertThat(vm.selected()).isEqualTo(Items.SANDBOX);
        assertThat(vm.selectedItems()).extracting(Item::name).containsExactly("pay-1", "web-1", "db");
        assertThat(vm.selection().isMultiple()).isTrue();

        vm.selection().toggle(Items.SANDBOX.id());
        assertThat(vm.selection().ids()).containsExactly(Items.WEB.id(), Items.VM.id());
        assertThat(vm.selected()).as("the last one left becomes the primary").isEqualTo(Items.VM);
        vm.selection().toggle(Items.WEB.id());
        vm.selection().toggle(Items.VM.id());
        assertThat(vm.selection().ids()).isEmpty();
        assertThat(vm.selected()).isNull();
    }

    @Test
    void settingThePrimaryDirectlySelectsThatItemAlone() {
        vm.selection().selectAll(List.of(Items.WEB.id(), Items.VM.id()), Items.VM.id());
        long before = vm.selection().versionProperty().get();
        vm.selectedIdProperty().set(Items.PENDING.id());
        assertThat(vm.selection().ids()).containsExactly(Items.PENDING.id());
        assertThat(vm.selected()).isEqualTo(Items.PENDING);
        assertThat(vm.selection().versionProperty().get()).isGreaterThan(before);
        vm.select(null);
        assertThat(vm.selection().ids()).isEmpty();
    }

    @Test
    void aRemovedItemLeavesTheSelectionAndAnUpdateKeepsIt() {
        vm.selection().selectAll(List.of(Items.WEB.id(), Items.VM.id(), Items.PENDING.id()), Items.WEB.id());
        vm.apply(Items.upsert(Items.VM.toBuilder().state(dev.wharf.inventory.State.PAUSED).build()));
        assertThat(vm.selection().ids()).containsExactly(Items.WEB.id(), Items.VM.id(), Items.PENDING.id());
        assertThat(vm.selectedItems().get(1).state()).isEqualTo(dev.wharf.inventory.State.PAUSED);
        vm.apply(Items.remove(Items.WEB.id()));
        assertThat(vm.selection().ids()).containsExactly(Items.VM.id(), Items.PENDING.id());
        assertThat(vm.selected()).isIn(Items.VM, Items.PENDING);
    }

    @Test
    void itemsOfAReadOnlySourceOfferNoActionAndNoShell() {
        InventoryViewModel ro = new InventoryViewModel();
        ro.setReadOnlySources(Items.K8S::equals);
        ro.apply(Items.initial());
        Item vm1 = ro.item(Items.VM.id()).orElseThrow();
        assertThat(Items.VM.actions()).isNotEmpty();
        assertThat(vm1.actions()).isEmpty();
        assertThat(ro.item(Items.WEB.id()).orElseThrow().consoles()).doesNotContain(
                dev.wharf.inventory.ConsoleType.EXEC, dev.wharf.inventory.ConsoleType.ATTACH);
        assertThat(ro.item(Items.NODE_VM.id()).orElseThrow().actions()).as("another source").isEqualTo(Items.NODE_VM.actions());
        assertThat(ro.readOnly(Items.K8S)).isTrue();
    }
}
