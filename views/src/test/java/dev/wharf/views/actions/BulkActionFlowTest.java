package dev.wharf.views.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BulkActionFlowTest {
    private final InventoryViewModel vm = new InventoryViewModel();
    /** Requests not answered yet, by item name: the test answers them. */
    private final Map<String, CompletableFuture<Void>> pending = new LinkedHashMap<>();
    private final List<String> performed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> confirmations = new ArrayList<>();
    private final List<List<BulkActionFlow.Outcome>> ends = new ArrayList<>();
    private int mostAtOnce;
    private boolean readOnly;
    private BulkActionFlow bulk;
    private final List<Item> vms = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vm.apply(Items.initial());
        for (int i = 1; i <= 6; i++) {
            vms.add(Item.builder(Items.K8S + "|vm/shop/vm-" + i, Items.K8S, Kind.VM, "vm-" + i).namespace("shop")
                    .state(State.STOPPED).actions(List.of(Action.START, Action.DELETE)).build());
        }
        vm.apply(Items.upsert(vms.toArray(Item[]::new)));
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
                CompletableFuture<Void> f = new CompletableFuture<>();
                pending.put(item.name(), f);
                mostAtOnce = Math.max(mostAtOnce, (int) pending.values().stream().filter(p -> !p.isDone()).count());
                return f;
            }

            @Override
            public void close() {
            }
        };
        Backend backend = new Backend(id -> Optional.of(source), id -> readOnly);
        ActionController single = new ActionController(vm, backend, TaskRunner.synchronous(),
                (item, action, answer) -> answer.accept(true), (l, t, m) -> notes.add(l + ": " + t + ": " + m));
        bulk = new BulkActionFlow(vm, backend, TaskRunner.synchronous(), (targets, action, answer) -> {
            confirmations.add(action.label() + " " + targets.stream().map(Item::name).toList());
            answer.accept(true);
        }, (l, t, m) -> notes.add(l + ": " + t + ": " + m), single);
        bulk.setOnDone(ends::add);
    }

    @Test
    void onlyTheActionsEveryItemAcceptsNowAreOffered() {
        assertThat(bulk.common(vms)).containsExactly(Action.START, Action.DELETE);
        List<Item> mixed = new ArrayList<>(vms);
        mixed.add(Items.VM); // a running VM: stop, not start
        assertThat(bulk.common(mixed)).doesNotContain(Action.START);
        vm.busy().add(vms.get(0).id());
        assertThat(bulk.common(vms)).as("one is busy").isEmpty();
        vm.busy().clear();
        readOnly = true;
        assertThat(bulk.common(vms)).as("read-only connection").isEmpty();
    }

    @Test
    void oneConfirmationAtMostFourAtOnceEachItemBusyThenOneSummary() {
        bulk.request(vms, Action.START);
        assertThat(confirmations).containsExactly("Start [vm-1, vm-2, vm-3, vm-4, vm-5, vm-6]");
        assertThat(performed).containsExactly("start vm-1", "start vm-2", "start vm-3", "start vm-4");
        assertThat(vm.busy()).containsExactlyInAnyOrder(vms.get(0).id(), vms.get(1).id(), vms.get(2).id(), vms.get(3).id());

        pending.get("vm-2").complete(null);
        assertThat(performed).as("one answered: the fifth starts").hasSize(5).endsWith("start vm-5");
        assertThat(vm.busy()).doesNotContain(vms.get(1).id()).contains(vms.get(4).id());
        pending.get("vm-1").completeExceptionally(new WharfException("Operation cannot be fulfilled: conflict (409)"));
        pending.get("vm-3").complete(null);
        pending.get("vm-4").complete(null);
        pending.get("vm-5").complete(null);
        assertThat(ends).isEmpty();
        pending.get("vm-6").completeExceptionally(new java.io.UncheckedIOException(new java.io.IOException("connection reset")));

        assertThat(mostAtOnce).isEqualTo(BulkActionFlow.PARALLEL);
        assertThat(vm.busy()).isEmpty();
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0)).extracting(o -> o.item().name()).containsExactly("vm-1", "vm-2", "vm-3", "vm-4", "vm-5", "vm-6");
        assertThat(notes).containsExactly("ERROR: Start 6 items: 4 started, 1 refused: vm-1 (Operation cannot be fulfilled: "
                + "conflict (409)); 1 failed: vm-6 (connection reset)");
    }

    @Test
    void allAcceptedIsASuccess() {
        bulk.request(vms.subList(0, 2), Action.START);
        pending.values().forEach(f -> f.complete(null));
        assertThat(notes).containsExactly("SUCCESS: Start 2 items: 2 started");
    }

    @Test
    void anActionNotEveryItemAcceptsIsNotRun() {
        bulk.request(List.of(vms.get(0), Items.VM), Action.START);
        assertThat(confirmations).isEmpty();
        assertThat(performed).isEmpty();
        assertThat(notes).singleElement().asString().contains("Not every selected item accepts Start");
    }

    @Test
    void theConfirmationNamesTheKinds() {
        assertThat(BulkConfirmDialog.kinds(List.of(vms.get(0), vms.get(1), Items.WEB))).isEqualTo("1 pod and 2 VMs");
        assertThat(BulkConfirmDialog.kinds(List.of(Items.NODE_A, Items.NODE_B))).isEqualTo("2 nodes");
    }
}
