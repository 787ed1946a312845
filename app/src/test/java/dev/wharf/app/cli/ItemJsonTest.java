package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.GUEST;
import static dev.wharf.app.cli.Fixtures.HOST;
import static dev.wharf.app.cli.Fixtures.K8S;
import static dev.wharf.app.cli.Fixtures.LAUNCHER;
import static dev.wharf.app.cli.Fixtures.LV;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceInfo PROD = new SourceInfo(K8S, SourceType.KUBERNETES, "prod", SourceStatus.CONNECTED, "");
    private static final SourceInfo H1 = new SourceInfo(LV, SourceType.LIBVIRT, "h1", SourceStatus.ERROR,
            "cannot reach h1: connection refused — start libvirtd");

    private static JsonNode parse(List<Item> items) throws Exception {
        InventorySnapshot snap = new InventorySnapshot(List.of(PROD, H1), List.of(NODE, VM, LAUNCHER, HOST, GUEST));
        return JSON.readTree(ItemJson.pretty(ItemJson.document(snap, items)));
    }

    private static JsonNode item(JsonNode doc, String name) {
        for (JsonNode i : doc.get("items")) {
            if (i.get("name").asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no item " + name + " in " + doc);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void sourcesCarryTypeStatusAndMessage() throws Exception {
        JsonNode doc = parse(List.of());
        assertThat(names(doc)).containsExactly("sources", "items");
        JsonNode lv = doc.get("sources").get(1);
        assertThat(names(lv)).containsExactly("id", "type", "name", "status", "message");
        assertThat(lv.get("id").asText()).isEqualTo(LV);
        assertThat(lv.get("type").asText()).isEqualTo("libvirt");
        assertThat(lv.get("name").asText()).isEqualTo("h1");
        assertThat(lv.get("status").asText()).isEqualTo("error");
        assertThat(lv.get("message").asText()).startsWith("cannot reach h1");
        assertThat(doc.get("sources").get(0).get("type").asText()).isEqualTo("kubernetes");
        assertThat(doc.get("items")).isEmpty();
    }

    @Test
    void aKubevirtVmFieldByField() throws Exception {
        JsonNode vm = item(parse(List.of(VM)), "db");
        assertThat(names(vm)).startsWith("id", "source", "kind", "name", "namespace", "state", "status", "isolation",
                "runtime", "on", "owner", "uuid", "actions", "consoles");
        assertThat(vm.get("id").asText()).isEqualTo(VM.id());
        assertThat(vm.get("source").asText()).isEqualTo(K8S);
        assertThat(vm.get("kind").asText()).isEqualTo("vm");
        assertThat(vm.get("namespace").asText()).isEqualTo("prod");
        assertThat(vm.get("state").asText()).isEqualTo("running");
        assertThat(vm.get("status").asText()).isEqualTo("Running");
        assertThat(vm.get("isolation").asText()).isEqualTo("vm");
        assertThat(vm.get("runtime").asText()).isEqualTo("kvm");
        assertThat(vm.get("on").asText()).isEqualTo(NODE.id());
        assertThat(vm.get("onName").asText()).isEqualTo("worker-1");
        assertThat(vm.get("owner").isNull()).isTrue();
        assertThat(vm.get("uuid").asText()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(vm.get("actions")).extracting(JsonNode::asText).containsExactly("stop", "restart", "pause", "migrate");
        assertThat(vm.get("consoles")).extracting(JsonNode::asText).containsExactly("serial");
        assertThat(vm.get("stale").asBoolean()).isFalse();
        assertThat(vm.get("created").asText()).isEqualTo(VM.created().toString());
    }

    @Test
    void whySaysWhatFailsInOneSentenceAndIsNullOtherwise() throws Exception {
        Item failing = VM.toBuilder().state(dev.wharf.inventory.State.FAILED).status("ErrorUnschedulable")
                .facet(dev.wharf.inventory.Diagnosis.of("ErrorUnschedulable: no node can run its pod: 0/4 nodes are "
                        + "available: 4 Insufficient memory.")).build();
        JsonNode vm = item(parse(List.of(failing)), "db");
        assertThat(vm.get("why").asText()).isEqualTo("ErrorUnschedulable: no node can run its pod: 0/4 nodes are "
                + "available: 4 Insufficient memory.");
        assertThat(names(vm)).endsWith("properties", "why");
        JsonNode host = item(parse(List.of(HOST)), "h1");
        assertThat(host.has("why")).isTrue();
        assertThat(host.get("why").isNull()).isTrue();
    }

    @Test
    void fieldsThatDoNotApplyArePresentAsNull() throws Exception {
        JsonNode host = item(parse(List.of(HOST)), "h1");
        for (String f : List.of("namespace", "isolation", "runtime", "on", "owner", "uuid", "onName", "carries", "created")) {
            assertThat(host.has(f)).as(f + " present").isTrue();
            assertThat(host.get(f).isNull()).as(f + " null").isTrue();
        }
        assertThat(host.get("actions").isArray()).isTrue();
        assertThat(host.get("actions")).isEmpty();
        assertThat(host.get("status").asText()).isEmpty();
    }

    @Test
    void ownedPodPointsAtItsVmAndActionsUseWireNames() throws Exception {
        Item off = GUEST.toBuilder().actions(List.of(Action.FORCE_OFF, Action.START)).build();
        JsonNode doc = parse(List.of(LAUNCHER, off));
        assertThat(item(doc, "virt-launcher-db-x1").get("owner").asText()).isEqualTo(VM.id());
        JsonNode guest = item(doc, "guest1");
        assertThat(guest.get("actions")).extracting(JsonNode::asText).containsExactly("start", "force-off");
        assertThat(guest.get("namespace").isNull()).isTrue();
        assertThat(guest.get("onName").asText()).isEqualTo("h1");
    }
}
