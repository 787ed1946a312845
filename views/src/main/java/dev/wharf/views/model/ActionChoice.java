package dev.wharf.views.model;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;

/**
 * One action as offered for one item: whether it can run now and, if not, why.
 *
 * @param reason why it is disabled, for a tooltip; empty when enabled
 */
public record ActionChoice(Item item, Action action, boolean enabled, String reason) {
    /** "Stop: vm-1" — an entry in the command palette. */
    public String paletteLabel() {
        return action.label() + ": " + item.name();
    }
}
