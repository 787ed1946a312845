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

    /**
     * The embedded lab's shape: a libvirt host running three node VMs (16, 13 and 1 workloads)
     * and one domain of its own, a bare-metal node with 17, and 4 pending: 52 chips, 4 nodes.
     */
    static java.util.List<Item> labShaped() {
        String lv = "libvirt:qemu:///embed";
        String k8s = "k8s:lab";
        java.util.List<Item> out = new java.util.ArrayList<>();
        Item host = Item.builder(lv + "|host/vm", lv, Kind.HOST, "vm").state(dev.wharf.inventory.State.RUNNING).build();
        out.add(host);
        out.add(Item.builder(lv + "|vm/old-gateway", lv, Kind.VM, "old-gateway").state(dev.wharf.inventory.State.STOPPED)
                .isolation(dev.wharf.inventory.Isolation.VM).on(host.id()).build());
        int[] perNode = {16, 13, 1, 17};
        String[] prefixes = {"payments-7f6c9d8b5-", "storefront-5d7f9c8b6-", "kube-controller-manager-", "fc-runner-6c7b8d9f5-"};
        for (int n = 0; n < perNode.length; n++) {
            String name = n < 3 ? "worker-0" + (n + 1) : "metal-01";
            Item node = Item.builder(k8s + "|node/" + name, k8s, Kind.NODE, name).state(dev.wharf.inventory.State.RUNNING)
                    .on(n < 3 ? host.id() : null).build();
            out.add(node);
            if (n < 3) {
                out.add(Item.builder(lv + "|vm/" + name, lv, Kind.VM, name).state(dev.wharf.inventory.State.RUNNING)
                        .isolation(dev.wharf.inventory.Isolation.VM).on(host.id()).carries(node.id()).build());
            }
            for (int w = 0; w < perNode[n]; w++) {
                Kind kind = w % 3 == 0 ? Kind.MICROVM : Kind.POD;
                out.add(Item.builder(k8s + "|" + kind.name() + "/ns/" + name + "-" + w, k8s, kind,
                                prefixes[w % prefixes.length] + name.substring(name.length() - 2) + "x" + w)
                        .namespace("kube-system").state(dev.wharf.inventory.State.RUNNING)
                        .isolation(kind == Kind.POD ? dev.wharf.inventory.Isolation.CONTAINER : dev.wharf.inventory.Isolation.MICROVM)
                        .on(node.id()).build());
            }
        }
        for (int p = 0; p < 4; p++) {
            out.add(Item.builder(k8s + "|pod/ci/pending-" + p, k8s, Kind.POD, "ingest-api-59d8c7b6f4-" + p)
                    .namespace("ci").state(dev.wharf.inventory.State.PENDING).build());
        }
        return out;
    }

    @Test
    void theWholeLabFitsTheDefaultWindowsTopologyReadably() {
        // the topology's size in the 1480 × 920 window (900 × 752: sidebar, details pane, toolbars,
        // lab banner and status bar off), less the strip kept for the legend
        double viewW = 900;
        double viewH = 752 - 48;
        java.util.List<Item> lab = labShaped();
        TopologyModel plain = TopologyLayout.compute(lab, new TopologyLayout.AcceptAll(), Set.of());
        assertThat(TopologyLayout.fitScale(plain, viewW, viewH)).as("the old square packing needs a tiny zoom")
                .isLessThan(TopologyLayout.READABLE_SCALE);
        TopologyModel m = TopologyLayout.computeFitted(lab, new TopologyLayout.AcceptAll(), Set.of(), viewW, viewH);
        double k = TopologyLayout.fitScale(m, viewW, viewH);
        assertThat(k).as("everything shows at once, at a zoom that can be read").isGreaterThanOrEqualTo(TopologyLayout.READABLE_SCALE);
        assertThat(m.width() * k).isLessThanOrEqualTo(viewW);
        assertThat(m.height() * k).isLessThanOrEqualTo(viewH);
        assertThat(m.cellCount()).isEqualTo(52);
        assertThat(m.groups().stream().filter(g -> g.type() == GroupType.NODE).count()).isEqualTo(4);
        for (Group g : m.groups()) {
            assertThat(g.x() + g.w()).as(g.title()).isLessThanOrEqualTo(m.width() + 0.01);
        }
    }

    @Test
    void groupsWrapToTheWidthTheyAreGiven() {
        java.util.List<Item> lab = labShaped();
        for (double width : new double[] {700, 900, 1200, 1600}) {
            TopologyModel m = TopologyLayout.compute(lab, new TopologyLayout.AcceptAll(), Set.of(), width, 2.5, TopologyLayout.MAX_CELL_W);
            assertThat(m.width()).as("laid out for %s", width).isLessThanOrEqualTo(width);
            Group host = m.group("libvirt:qemu:///embed|host/vm").orElseThrow();
            for (Group g : m.groups()) {
                if ("libvirt:qemu:///embed|host/vm".equals(g.parentId())) {
                    assertThat(inside(g, host)).as("%s inside its host at %s", g.title(), width).isTrue();
                }
            }
        }
        TopologyModel narrow = TopologyLayout.compute(lab, new TopologyLayout.AcceptAll(), Set.of(), 700, 2.5, TopologyLayout.MAX_CELL_W);
        Group w1 = narrow.group("k8s:lab|node/worker-01").orElseThrow();
        Group w2 = narrow.group("k8s:lab|node/worker-02").orElseThrow();
        assertThat(w2.y()).as("node frames wrap below each other when the width is short").isGreaterThan(w1.y());
    }

    @Test
    void aHugeInventoryKeepsThePlainLayout() {
        SyntheticInventory data = SyntheticInventory.generate(5_000, 100, 2);
        TopologyModel plain = TopologyLayout.compute(data.items(), new TopologyLayout.AcceptAll(), Set.of());
        TopologyModel fitted = TopologyLayout.computeFitted(data.items(), new TopologyLayout.AcceptAll(), Set.of(), 900, 640);
        assertThat(fitted.width()).isEqualTo(plain.width());
        assertThat(fitted.height()).isEqualTo(plain.height());
    }

    private static boolean inside(Group in, Group out) {
        return in.x() >= out.x() && in.y() >= out.y() && in.x() + in.w() <= out.x() + out.w()
                && in.y() + in.h() <= out.y() + out.h();
    }

    /** A KubeVirt VM that was stopped: no VMI, so no node. */
    private static final Item STOPPED_VM = Items.VM.toBuilder().state(dev.wharf.inventory.State.STOPPED).on(null).build();

    private static java.util.List<Item> replace(Item old, Item now) {
        java.util.List<Item> all = new java.util.ArrayList<>(Items.ALL);
        all.set(all.indexOf(old), now);
        return all;
    }

    @Test
    void aStoppedVmHasItsOwnLaneNotThePendingOne() {
        TopologyModel m = TopologyLayout.compute(replace(Items.VM, STOPPED_VM), new TopologyLayout.AcceptAll(), Set.of());
        assertThat(m.groupOf(STOPPED_VM.id()).orElseThrow().type()).isEqualTo(GroupType.STOPPED);
        assertThat(m.groupOf(STOPPED_VM.id()).orElseThrow().title()).isEqualTo("Stopped — not running");
        assertThat(m.groupOf(Items.PENDING.id()).orElseThrow().type()).isEqualTo(GroupType.PENDING);
        assertThat(m.group(TopologyLayout.PENDING_ID).orElseThrow().cells()).extracting(c -> c.item().id())
                .containsExactly(Items.PENDING.id());
    }

    @Test
    void framesStayWhereTheyWereWhenAVmStopsAndStartsAgain() {
        java.util.function.Predicate<Item> all = new TopologyLayout.AcceptAll();
        TopologyModel before = TopologyLayout.computeFitted(Items.ALL, all, Set.of(), 1100, 700);
        TopologyModel stopped = TopologyLayout.computeFitted(replace(Items.VM, STOPPED_VM), all, Set.of(), 1100, 700, before);
        TopologyModel started = TopologyLayout.computeFitted(Items.ALL, all, Set.of(), 1100, 700, stopped);
        for (Group g : before.groups()) {
            if (g.item() == null) {
                continue;
            }
            Group s = stopped.group(g.id()).orElseThrow();
            Group r = started.group(g.id()).orElseThrow();
            assertThat(new double[] {s.x(), s.y()}).as("%s after the VM stopped", g.title()).containsExactly(g.x(), g.y());
            assertThat(new double[] {r.x(), r.y(), r.w(), r.h()}).as("%s after it started again", g.title())
                    .containsExactly(g.x(), g.y(), g.w(), g.h());
        }
    }

    @Test
    void aShutOffDomainThatIsANodeStaysDrawnAndCountsAgreeWithTheDrawing() {
        Item off = Items.NODE_VM.toBuilder().state(dev.wharf.inventory.State.STOPPED).status("shut off").build();
        Item unknownNode = Items.NODE_A.toBuilder().state(dev.wharf.inventory.State.UNKNOWN).status("Unknown").build();
        java.util.List<Item> items = replace(Items.NODE_VM, off);
        items.set(items.indexOf(Items.NODE_A), unknownNode);
        ItemFilter f = ItemFilter.ALL.withKinds(Set.of(Kind.VM)).withStates(Set.of(dev.wharf.inventory.State.STOPPED));
        TopologyModel m = TopologyLayout.compute(items, f, Set.of());
        Group frame = m.group(Items.NODE_A.id()).orElseThrow();
        assertThat(frame.carrier().id()).isEqualTo(off.id());
        // what the status bar counts (the filter over what is listed) is what is drawn: cells and VM frames
        long counted = items.stream().filter(Item::listedByDefault).filter(f).count();
        long drawn = m.cellCount() + m.groups().stream().filter(g -> g.carrier() != null && f.test(g.carrier())).count();
        assertThat(drawn).isEqualTo(counted);
        assertThat(TopologyPainter.frameStateText(unknownNode, off)).isEqualTo("VM off");
        assertThat(TopologyPainter.frameState(unknownNode, off)).isEqualTo(dev.wharf.inventory.State.STOPPED);
        assertThat(TopologyPainter.frameStateText(Items.NODE_A, Items.NODE_VM)).isEqualTo("Running");
    }

    @Test
    void chipsAreAsWideAsTheirLongestNameNeedsAndFillTheirFrame() {
        Item a = Items.WEB.toBuilder().name("payments-7f6c9d8b5-5mxk2-canary").build();
        Item b = Items.SANDBOX.toBuilder().name("x").on(Items.NODE_A.id()).build();
        java.util.List<Item> items = replace(Items.WEB, a);
        items.set(items.indexOf(Items.SANDBOX), b);
        TopologyModel m = TopologyLayout.compute(items, new TopologyLayout.AcceptAll(), Set.of());
        TopologyModel.Cell chip = m.cell(a.id()).orElseThrow();
        assertThat(chip.w()).as("room for the whole name")
                .isGreaterThanOrEqualTo(TopologyLayout.CHIP_CHROME + TopologyLayout.NAME_CHAR_W * a.name().length());
        Group node = m.groupOf(a.id()).orElseThrow();
        assertThat(chip.x() + chip.w()).as("the chip reaches the frame's padding")
                .isEqualTo(node.x() + node.w() - TopologyLayout.PAD, org.assertj.core.data.Offset.offset(1.0));
        assertThat(m.cell(b.id()).orElseThrow().w()).as("same column, same width").isEqualTo(chip.w());
    }

    @Test
    void aLayoutThatHadToScrollIsNotKeptWhenEverythingFitsNow() {
        java.util.function.Predicate<Item> all = new TopologyLayout.AcceptAll();
        java.util.List<Item> lab = labShaped();
        // a tiny viewport first: the layout falls back to scrolling
        TopologyModel scrolling = TopologyLayout.computeFitted(lab, all, Set.of(), 300, 200);
        assertThat(TopologyLayout.fitScale(scrolling, 300, 200)).isLessThan(TopologyLayout.READABLE_SCALE);
        TopologyModel again = TopologyLayout.computeFitted(lab, all, Set.of(), 900, 704, scrolling);
        assertThat(TopologyLayout.fitScale(again, 900, 704)).isGreaterThanOrEqualTo(TopologyLayout.READABLE_SCALE);
    }
}
