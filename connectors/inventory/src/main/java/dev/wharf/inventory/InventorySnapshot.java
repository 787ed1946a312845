package dev.wharf.inventory;

import java.util.List;
import java.util.Optional;

/** A consistent copy of the whole inventory: sources by id, items by id. */
public record InventorySnapshot(List<SourceInfo> sources, List<Item> items) {
    public InventorySnapshot {
        sources = List.copyOf(sources);
        items = List.copyOf(items);
    }

    public Optional<Item> item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
