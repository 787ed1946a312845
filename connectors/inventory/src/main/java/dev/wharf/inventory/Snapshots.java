package dev.wharf.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Capability of a source whose VMs can be snapshotted: a libvirt domain's snapshots (a tree: each
 * has a parent, one is current), a KubeVirt VM's {@code VirtualMachineSnapshot}s restored through
 * {@code VirtualMachineRestore}s. Reached through {@link Source#capability(Class)}; a view offers
 * snapshots for an item only when {@link #covers} says so.
 */
public interface Snapshots {

    /** Whether {@code item} is one this source snapshots (a domain, a KubeVirt VM): cheap, no call. */
    boolean covers(Item item);

    /**
     * The item's snapshots now, with what keeps it from being snapshotted (raw disks, a cluster
     * without the snapshot API) in {@link Listing#unavailable}; exceptionally only when the source
     * could not be asked at all.
     */
    CompletableFuture<Listing> list(Item item);

    /**
     * Takes a snapshot. {@code withMemory}: the running guest's memory and device state too (the
     * guest comes back running on revert); otherwise disks only. Completes when the source has it
     * (libvirt: taken; KubeVirt: the object created, its phase follows in {@link #list}).
     */
    @Mutates
    CompletableFuture<Void> create(Item item, String name, String description, boolean withMemory);

    /**
     * Brings the item back to {@code name}: libvirt reverts the domain (running or shut off, as it was
     * when taken); KubeVirt creates a {@code VirtualMachineRestore}, which needs the VM stopped — a
     * running VM fails with {@link StopFirst}.
     */
    @Mutates
    CompletableFuture<Void> revert(Item item, String name);

    /** Deletes {@code name}; {@code withChildren}: its descendants too (libvirt's tree). */
    @Mutates
    CompletableFuture<Void> delete(Item item, String name, boolean withChildren);

    /**
     * @param snapshots   oldest first
     * @param unavailable why the item cannot be snapshotted (said once, in the user's words); null when it can
     * @param notes       facts about what a snapshot holds ("disk cdrom is left out: …"), possibly empty
     * @param memory      whether a snapshot with memory can be taken now (libvirt: a running domain)
     */
    record Listing(List<Snapshot> snapshots, String unavailable, List<String> notes, boolean memory) {
        public Listing {
            snapshots = List.copyOf(snapshots);
            notes = List.copyOf(notes);
        }

        public Optional<Snapshot> find(String name) {
            return snapshots.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        /** The snapshots whose parent is {@code parent} (null: the roots), oldest first. */
        public List<Snapshot> children(String parent) {
            return snapshots.stream().filter(s -> java.util.Objects.equals(s.parent(), parent)
                    || parent == null && s.parent() != null && find(s.parent()).isEmpty()).toList();
        }
    }

    /**
     * One snapshot.
     *
     * @param created     when it was taken; null if unknown
     * @param parent      the snapshot it was taken on top of (libvirt); null for a root or where there is no tree
     * @param current     the one the item now runs from (libvirt's current snapshot)
     * @param state       the item's state when taken ("running", "shut off", "paused"); null if unknown
     * @param memory      whether it holds memory (a running guest comes back running); false: disks only
     * @param phase       KubeVirt's {@code status.phase} (InProgress, Succeeded, Failed); null for libvirt
     * @param readyToUse  KubeVirt's {@code status.readyToUse}; null for libvirt
     * @param indications KubeVirt's {@code status.indications} (Online, NoGuestAgent, GuestAgent), possibly empty
     * @param error       the latest error; null when none
     */
    record Snapshot(String name, String description, Instant created, String parent, boolean current, String state,
                    boolean memory, String phase, Boolean readyToUse, List<String> indications, String error) {
        public Snapshot {
            indications = indications == null ? List.of() : List.copyOf(indications);
        }
    }

    /** A revert or restore the item's state forbids until it is stopped: the view offers to stop it first. */
    final class StopFirst extends WharfException {
        private static final long serialVersionUID = 1L;

        public StopFirst(String message) {
            super(message);
        }
    }
}
