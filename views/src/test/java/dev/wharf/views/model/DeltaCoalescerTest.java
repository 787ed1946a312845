package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.State;
import dev.wharf.views.fixtures.Items;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeltaCoalescerTest {
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<InventoryDelta> delivered = new ArrayList<>();
    private final DeltaCoalescer coalescer = new DeltaCoalescer(scheduled::add, delivered::add);

    @Test
    void manyDeltasScheduleOneDrainAndTheLastWritePerItemWins() {
        Item paused = Items.VM.toBuilder().state(State.PAUSED).build();
        Item stopped = Items.VM.toBuilder().state(State.STOPPED).build();
        coalescer.onChange(Items.upsert(paused));
        coalescer.onChange(Items.upsert(Items.WEB));
        coalescer.onChange(Items.upsert(stopped));

        assertThat(scheduled).hasSize(1);
        scheduled.get(0).run();

        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).upserted()).extracting(Item::id).containsExactly(Items.VM.id(), Items.WEB.id());
        assertThat(delivered.get(0).upserted().get(0).state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aRemovalBeatsAnEarlierUpsertAndAnUpsertBeatsAnEarlierRemoval() {
        coalescer.onChange(Items.upsert(Items.WEB));
        coalescer.onChange(Items.remove(Items.WEB.id()));
        coalescer.onChange(Items.remove(Items.VM.id()));
        coalescer.onChange(Items.upsert(Items.VM));
        scheduled.get(0).run();

        InventoryDelta d = delivered.get(0);
        assertThat(d.removed()).containsExactly(Items.WEB.id());
        assertThat(d.upserted()).extracting(Item::id).containsExactly(Items.VM.id());
    }

    @Test
    void afterADrainTheNextDeltaSchedulesAgain() {
        coalescer.onChange(Items.upsert(Items.WEB));
        scheduled.get(0).run();
        coalescer.onChange(Items.upsert(Items.VM));
        assertThat(scheduled).hasSize(2);
        scheduled.get(1).run();
        assertThat(delivered).hasSize(2);
    }

    @Test
    void anInitialDeltaStaysInitialWhenMerged() {
        coalescer.onChange(Items.initial());
        coalescer.onChange(Items.upsert(Items.WEB.toBuilder().state(State.FAILED).build()));
        scheduled.get(0).run();
        assertThat(delivered.get(0).initial()).isTrue();
        assertThat(delivered.get(0).upserted()).hasSize(Items.ALL.size());
        assertThat(delivered.get(0).sources()).hasSize(2);
    }
}
