package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;

/**
 * An action that needs more than yes or no before it runs — a drain shows what it will evict,
 * a migration asks where to — registered with the {@link ActionController}, which hands the
 * action over when {@link #handles} says so. Everything else about the action (which items offer
 * it, whether it is enabled now) still comes from the item.
 */
public interface ActionFlow {

    /** Whether this flow runs {@code action} on {@code item} (typically: its source has the capability). */
    boolean handles(Item item, Action action);

    /** Asks, acts and tells; called on the UI thread with the item's newest version. */
    void start(Item item, Action action);
}
