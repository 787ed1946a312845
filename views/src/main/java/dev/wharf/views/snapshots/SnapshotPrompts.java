package dev.wharf.views.snapshots;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Snapshots;

import java.util.function.Consumer;

/** What the Snapshots tab asks the user; each answers later (never blocks), or not at all when cancelled. */
public interface SnapshotPrompts {

    /** A snapshot to take. */
    record NewSnapshot(String name, String description, boolean withMemory) {
    }

    /** Name, description, with memory or disks only ({@code memory}: whether memory can be kept now). */
    void create(Item item, boolean memory, Consumer<NewSnapshot> answer);

    /** Confirms reverting to {@code snapshot}. */
    void confirmRevert(Item item, Snapshots.Snapshot snapshot, Consumer<Boolean> answer);

    /** Confirms deleting {@code snapshot}; {@code children}: how many descendants it has. Answers whether with them. */
    void delete(Item item, Snapshots.Snapshot snapshot, int children, Consumer<Boolean> withChildren);

    /** The revert needs the item stopped: offers to stop it first ({@code why}: the source's words). */
    void stopFirst(Item item, String why, Consumer<Boolean> answer);
}
