package dev.wharf.isolation;

import static dev.wharf.isolation.Lab.node;
import static dev.wharf.isolation.Lab.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodePlacement.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-item worst severity the topology draws as a chip badge. */
class WorstByItemTest {

    @Test
    void eachItemGetsTheWorstFindingThatNamesItAndCleanItemsNone() {
        Item w1 = node("worker-1", Placement.BARE_METAL);
        Lab.Pod priv = pod("shop", "miner", "worker-1").privileged(); // critical, and a tenant sharing the kernel
        Lab.Pod other = pod("ci", "build", "worker-1");
        Lab.Pod alone = pod("shop", "web", "worker-2");
        IsolationReport r = IsolationAnalysis.analyse(List.of(w1, node("worker-2", Placement.BARE_METAL),
                priv.item(), other.item(), alone.item()), IsolationSettings.DEFAULT);

        assertThat(r.concerning(priv.id())).extracting(Finding::severity).contains(Severity.CRITICAL, Severity.HIGH);
        assertThat(r.worstByItem()).containsEntry(priv.id(), Severity.CRITICAL);
        assertThat(r.worstByItem().get(other.id())).as("only in the tenants-share-kernel finding")
                .isEqualTo(Severity.HIGH);
        assertThat(r.worstByItem()).as("a pod alone with its tenant").doesNotContainKey(alone.id());
    }
}
