package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;

import java.util.function.Consumer;

/** Asks the user to confirm a destructive action; answers later through {@code answer} (never blocks). */
@FunctionalInterface
public interface Confirmer {
    void confirm(Item item, Action action, Consumer<Boolean> answer);
}
