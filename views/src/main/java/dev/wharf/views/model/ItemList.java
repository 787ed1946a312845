package dev.wharf.views.model;

import dev.wharf.inventory.Item;

import java.util.ArrayList;

import javafx.collections.ModifiableObservableListBase;

/**
 * An observable list that can fire a whole batch of replacements, additions and removals as ONE
 * change event, so the filtered list, the sorted list and the table react once per coalesced
 * delta rather than once per item.
 */
final class ItemList extends ModifiableObservableListBase<Item> {
    private final ArrayList<Item> data = new ArrayList<>();

    /** Runs {@code changes} (calls to set/add/remove on this list) as one change event. */
    void batch(Runnable changes) {
        beginChange();
        try {
            changes.run();
        } finally {
            endChange();
        }
    }

    @Override
    public Item get(int index) {
        return data.get(index);
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    protected void doAdd(int index, Item element) {
        data.add(index, element);
    }

    @Override
    protected Item doSet(int index, Item element) {
        return data.set(index, element);
    }

    @Override
    protected Item doRemove(int index) {
        return data.remove(index);
    }
}
