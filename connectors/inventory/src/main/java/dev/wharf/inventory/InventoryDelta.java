package dev.wharf.inventory;

import java.util.List;

/**
 * A coalesced batch of changes: for each item only its last version in the batch.
 *
 * @param initial        true for the first delta a listener gets: the whole inventory at that time
 * @param upserted       items added or changed
 * @param removed        ids of items removed
 * @param sources        sources added or changed
 * @param removedSources ids of sources removed
 */
public record InventoryDelta(boolean initial, List<Item> upserted, List<String> removed,
                             List<SourceInfo> sources, List<String> removedSources) {
    public InventoryDelta {
        upserted = List.copyOf(upserted);
        removed = List.copyOf(removed);
        sources = List.copyOf(sources);
        removedSources = List.copyOf(removedSources);
    }

    public boolean isEmpty() {
        return upserted.isEmpty() && removed.isEmpty() && sources.isEmpty() && removedSources.isEmpty();
    }
}
