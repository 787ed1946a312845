package dev.wharf.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.Diagnosis;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory as JSON ({@code wharf ls -o json}): a pure function of a snapshot. The shape is
 * a contract scripts depend on (app/README.md): every field is always present, {@code null}
 * where it does not apply, enum values in their lower-case wire names.
 *
 * <pre>
 * {"sources":[{"id","type","name","status","message"}],
 *  "items":[{"id","source","kind","name","namespace","state","status","isolation","runtime",
 *            "on","owner","uuid","actions","consoles",
 *            "onName","carries","stale","created","properties"}]}
 * </pre>
 */
public final class ItemJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private ItemJson() {
    }

    /** The whole document for {@code items} (a filtered part of {@code snapshot}) and all sources. */
    public static ObjectNode document(InventorySnapshot snapshot, List<Item> items) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode sources = root.putArray("sources");
        snapshot.sources().forEach(s -> sources.add(source(s)));
        ArrayNode out = root.putArray("items");
        Map<String, String> names = new HashMap<>();
        snapshot.items().forEach(i -> names.put(i.id(), i.name()));
        items.stream().sorted(ItemTable.ROW_ORDER).forEach(i -> out.add(item(i, names)));
        return root;
    }

    public static ObjectNode source(SourceInfo s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("type", s.type().wire());
        n.put("name", s.name());
        n.put("status", s.status().wire());
        n.put("message", s.message());
        return n;
    }

    /** One item; {@code names} maps item ids to names, for {@code onName}. */
    public static ObjectNode item(Item i, Map<String, String> names) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", i.id());
        n.put("source", i.source());
        n.put("kind", i.kind().wire());
        n.put("name", i.name());
        n.put("namespace", i.namespace());
        n.put("state", i.state().wire());
        n.put("status", i.status());
        n.put("isolation", i.isolation() == null ? null : i.isolation().wire());
        n.put("runtime", i.runtime());
        n.put("on", i.on());
        n.put("owner", i.owner());
        n.put("uuid", i.uuid());
        ArrayNode actions = n.putArray("actions");
        i.actions().stream().map(Action::wire).forEach(actions::add);
        ArrayNode consoles = n.putArray("consoles");
        i.consoles().stream().map(ConsoleType::wire).forEach(consoles::add);
        // extras, after the contract's fields
        n.put("onName", i.on() == null ? null : names.get(i.on()));
        n.put("carries", i.carries());
        n.put("stale", i.stale());
        n.put("created", i.created() == null ? null : i.created().toString());
        ObjectNode props = n.putObject("properties");
        i.properties().forEach(props::put);
        // why a failed or waiting item is so, one sentence ("Container app keeps crashing: …"); null when nothing to say
        n.put("why", i.facet(Diagnosis.class).map(d -> d.sentence(Instant.now())).orElse(null));
        return n;
    }

    /** Indented, for people and {@code jq}. */
    public static String pretty(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, for {@code --watch} (JSON lines). */
    public static String line(ObjectNode node) {
        try {
            return COMPACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
