package dev.wharf.views.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.bench.SyntheticInventory;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.topology.TopologyModel.Group;
import dev.wharf.views.topology.TopologyModel.GroupType;

import java.util.Set;

import org.junit.jupiter.api.Test;

class TopologyLayoutTest {
    private static TopologyModel layout(ItemFilter f, Set<String> collapsed) {
        return TopologyLayout.compute(Items.ALL, f.isEmpty() ? new TopologyLayout.AcceptAll() : f, collapsed);
    }

    @Test
    void hostsHoldTheNodesThatRunOnThemAndNodesHoldTheirWorkloads() {
        TopologyModel m = layout(ItemFilter.ALL, Set.of());
        Group host = m.group(Items.HOST.id()).orElseThrow();
        Group nodeA = m.group(Items.NODE_A.id()).orElseThrow();
        Group nodeB = m.group(Items.NODE_B.id()).orElseThrow();
        assertThat(host.type()).isEqualTo(GroupType.HOST);
        assertThat(nodeA.parentId()).isEqualTo(Items.HOST.id());
        assertThat(nodeA.carrier()).isEqualTo(Items.NODE_VM);
        assertThat(inside(nodeA, host)).isTrue();
        assertThat(nodeB.parentId()).as("bare metal stands alone").isNull();
        assertThat(inside(nodeB, host)).isFalse();
        assertThat(m.groupOf(Items.WEB.id())).contains(nodeA);
        assertThat(m.groupOf(Items.VM.id())).contains(nodeB);
        assertThat(m.groupOf(Items.SANDBOX.id())).contains(nodeB);
        assertThat(m.groupOf(Items.PENDING.id()).orElseThrow().type()).isEqualTo(GroupType.PENDING);
        assertThat(m.cell(Items.LAUNCHER.id())).as("launcher pods are not listed").isEmpty();
        assertThat(m.cell(Items.NODE_VM.id())).as("the node's VM is its frame, not a cell").isEmpty();
    }

    @Test
    void hitTestingFindsTheInnermostThing() {
        TopologyModel m = layout(ItemFilter.ALL, Set.of());
        double[] web = m.bounds(Items.WEB.id()).orElseThrow();
        assertThat(m.itemAt(web[0] + 5, web[1] + 5)).contains(Items.WEB);
        Group nodeA = m.group(Items.NODE_A.id()).orElseThrow();
        assertThat(m.itemAt(nodeA.x() + nodeA.w() - 4, nodeA.y() + 20)).contains(Items.NODE_A);
        Group host = m.group(Items.HOST.id()).orElseThrow();
        assertThat(m.itemAt(host.x() + host.w() - 3, host.y() + 10)).contains(Items.HOST);
        assertThat(m.hit(nodeA.x() + 5, nodeA.y() + 10).orElseThrow()).isInstanceOf(TopologyModel.ToggleHit.class);
        assertThat(m.itemAt(-50, -50)).isEmpty();
    }

    @Test
    void collapsingHidesWorkloadsButKeepsTheirCounts() {
        TopologyModel m = layout(ItemFilter.ALL, Set.of(Items.NODE_B.id()));
        Group b = m.group(Items.NODE_B.id()).orElseThrow();
        assertThat(b.collapsed()).isTrue();
        assertThat(b.cells()).isEmpty();
        assertThat(b.counts().kind(Kind.VM)).isEqualTo(1);
        assertThat(b.counts().kind(Kind.MICROVM)).isEqualTo(1);
        assertThat(m.cell(Items.VM.id())).isEmpty();
    }

    @Test
    void theFilterNarrowsWorkloadsAndDropsEmptyFrames() {
        TopologyModel m = layout(ItemFilter.ALL.withKinds(Set.of(Kind.MICROVM)), Set.of());
        assertThat(m.cellCount()).isEqualTo(1);
        assertThat(m.cell(Items.SANDBOX.id())).isPresent();
        assertThat(m.group(Items.NODE_B.id())).isPresent();
        assertThat(m.group(Items.HOST.id())).as("nothing matching runs there").isEmpty();
        assertThat(m.group(TopologyLayout.PENDING_ID)).isEmpty();
    }

    @Test
    void tenThousandWorkloadsOnTwoHundredNodesAreAllPlacedWithoutOverlap() {
        SyntheticInventory data = SyntheticInventory.generate(10_000, 200, 1);
        TopologyModel m = TopologyLayout.compute(data.items(), new TopologyLayout.AcceptAll(), Set.of());
        long listed = data.items().stream().filter(Item::listedByDefault)
                .filter(i -> i.kind() != Kind.HOST && i.kind() != Kind.NODE && i.carries() == null).count();
        assertThat(m.cellCount()).isEqualTo((int) listed);
        assertThat(m.groups().stream().filter(g -> g.type() == GroupType.NODE).count()).isEqualTo(200);
        // top-level frames do not overlap
        var tops = m.groups().stream().filter(g -> g.parentId() == null).toList();
        for (int i = 0; i < tops.size(); i++) {
            for (int j = i + 1; j < tops.size(); j++) {
                Group a = tops.get(i);
                Group b = tops.get(j);
                assertThat(a.intersects(b.x(), b.y(), b.w(), b.h())).as("%s vs %s", a.title(), b.title()).isFalse();
            }
        }
    }

    private static boolean inside(Group in, Group out) {
        return in.x() >= out.x() && in.y() >= out.y() && in.x() + in.w() <= out.x() + out.w()
                && in.y() + in.h() <= out.y() + out.h();
    }
}
