package dev.wharf.inventory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Capability of a source whose VMs can be live-migrated to a node the user picks. */
public interface TargetedMigration {

    /** The nodes {@code vm} could move to now (schedulable, ready, not where it runs), by name. */
    List<String> migrationTargets(Item vm);

    /** Migrates {@code vm} to {@code node}; {@code node} null lets the scheduler choose. */
    @Mutates
    CompletableFuture<Void> migrate(Item vm, String node);
}
