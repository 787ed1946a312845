package dev.wharf.inventory;

/**
 * Receives coalesced deltas from an {@link Inventory}. Called on the inventory's dispatch
 * thread, never with the store locked, one delta at a time, in order. Keep it short: hand the
 * delta on (to the UI thread, a queue) rather than doing work here.
 */
@FunctionalInterface
public interface InventoryListener {
    void onChange(InventoryDelta delta);
}
