package dev.wharf.views.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Drainer.Outcome;
import dev.wharf.inventory.Drainer.Result;
import dev.wharf.views.fixtures.Items;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the drain dialog says when it is over. */
class DrainSummaryTest {
    @Test
    void allEvicted() {
        assertThat(DrainDialog.summary(Items.NODE_A, List.of(new Outcome("a/p", Result.EVICTED, ""))))
                .isEqualTo("node-a is cordoned; 1 pod evicted.");
    }

    @Test
    void refusalsAndFailuresAreToldApartAndLongListsShortened() {
        List<Outcome> out = List.of(new Outcome("a/1", Result.REFUSED, "budget"), new Outcome("a/2", Result.FAILED, "x"),
                new Outcome("a/3", Result.FAILED, "x"), new Outcome("a/4", Result.FAILED, "x"),
                new Outcome("a/5", Result.FAILED, "x"), new Outcome("a/6", Result.EVICTED, ""));
        assertThat(DrainDialog.summary(Items.NODE_A, out)).isEqualTo("node-a is cordoned; 1 pod evicted, 1 refused by "
                + "a disruption budget (a/1), 4 failed (a/2, a/3 and 2 more): drain again when its budget allows.");
        assertThat(DrainDialog.words(out.get(0))).isEqualTo("Refused: budget");
        assertThat(DrainDialog.words(new Outcome("a/7", Result.EVICTED, "already gone"))).isEqualTo("Evicted (already gone)");
    }
}
