package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.GUEST;
import static dev.wharf.app.cli.Fixtures.HOST;
import static dev.wharf.app.cli.Fixtures.K8S;
import static dev.wharf.app.cli.Fixtures.KATA;
import static dev.wharf.app.cli.Fixtures.LV;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.NOW;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.State;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemTableTest {
    private static final SourceInfo PROD = new SourceInfo(K8S, SourceType.KUBERNETES, "prod", SourceStatus.CONNECTED, "");
    private static final SourceInfo H1 = new SourceInfo(LV, SourceType.LIBVIRT, "h1", SourceStatus.CONNECTED, "");

    private static List<String[]> cells(String table) {
        return table.lines().map(l -> l.trim().split("\\s{2,}")).toList();
    }

    @Test
    void oneSourceHasTheEightColumnsAndRowsInKindOrder() {
        List<Item> items = List.of(KATA, VM, NODE);
        String out = new ItemTable(false).render(new InventorySnapshot(List.of(PROD), items), items, NOW);
        List<String[]> rows = cells(out);
        assertThat(rows.get(0)).containsExactly("NAME", "NAMESPACE", "KIND", "STATE", "ISOLATION", "RUNTIME", "ON", "AGE");
        assertThat(rows.get(1)).containsExactly("worker-1", "-", "node", "running", "-", "-", "-", "4d");
        assertThat(rows.get(2)).containsExactly("db", "prod", "vm", "running", "vm", "kvm", "worker-1", "2h");
        assertThat(rows.get(3)).containsExactly("kata-1", "default", "microvm", "running", "microvm", "kata-qemu", "worker-1", "5s");
        assertThat(rows).hasSize(4);
        assertThat(out).doesNotContain("*");
    }

    @Test
    void columnsLineUp() {
        List<Item> items = List.of(KATA, VM, NODE);
        String out = new ItemTable(false).render(new InventorySnapshot(List.of(PROD), items), items, NOW);
        List<String> lines = out.lines().toList();
        int kindColumn = lines.get(0).indexOf("KIND");
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l.substring(kindColumn)).matches("(node|vm|microvm) .*");
        }
    }

    @Test
    void onShowsTheHostNameNotItsIdAndSeveralSourcesAddASourceColumn() {
        List<Item> items = List.of(GUEST, HOST, VM, NODE);
        InventorySnapshot snap = new InventorySnapshot(List.of(PROD, H1), items);
        String out = ItemTable.forSnapshot(snap).render(snap, items, NOW);
        List<String[]> rows = cells(out);
        assertThat(rows.get(0)).startsWith("SOURCE", "NAME");
        String[] guest = rows.stream().filter(r -> r[1].equals("guest1")).findFirst().orElseThrow();
        assertThat(guest).containsExactly("h1", "guest1", "-", "vm", "stopped", "vm", "qemu", "h1", "-");
        assertThat(out).doesNotContain("libvirt:qemu");
    }

    @Test
    void staleItemsAreMarkedWithAFootnote() {
        Item stale = VM.toBuilder().state(State.UNKNOWN).stale(true).build();
        String out = new ItemTable(false).render(new InventorySnapshot(List.of(PROD), List.of(stale, NODE)),
                List.of(stale), NOW);
        assertThat(cells(out).get(1)[3]).isEqualTo("unknown*");
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).isEqualTo(ItemTable.STALE_FOOTNOTE);
    }

    @Test
    void anOnIdNoLongerInTheInventoryShowsItsName() {
        String out = new ItemTable(false).render(new InventorySnapshot(List.of(PROD), List.of(VM)), List.of(VM), NOW);
        assertThat(cells(out).get(1)[6]).isEqualTo("worker-1");
    }

    @Test
    void watchRowsKeepTheWidthsOfTheFirstTable() {
        ItemTable t = new ItemTable(false);
        InventorySnapshot snap = new InventorySnapshot(List.of(PROD), List.of(KATA, NODE));
        String first = t.render(snap, List.of(KATA, NODE), NOW);
        Item shortName = NODE.toBuilder().name("n").build();
        String row = t.rows(snap, List.of(shortName), NOW, "deleted");
        assertThat(row.indexOf("node")).isEqualTo(first.lines().findFirst().orElseThrow().indexOf("KIND"));
        assertThat(Arrays.asList(cells(row).get(0))).contains("deleted");
    }
}
