package dev.wharf.libvirt;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.WharfException;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A libvirt domain's snapshots ({@code virDomainSnapshot*}): internal ones, kept inside the domain's
 * qcow2 disks. A running domain's snapshot holds its memory (a revert brings it back running); a
 * shut-off domain's holds its disks. A domain with a raw disk, or none, cannot take one and says why.
 */
final class LibvirtSnapshots implements Snapshots {
    private final DomainCalls calls;
    private final String sourceId;

    LibvirtSnapshots(DomainCalls calls, String sourceId) {
        this.calls = calls;
        this.sourceId = sourceId;
    }

    @Override
    public boolean covers(Item item) {
        return sourceId.equals(item.source()) && item.kind() == Kind.VM;
    }

    @Override
    public CompletableFuture<Listing> list(Item item) {
        return calls.onDomain(item, "List the snapshots of", d -> {
            String why = SnapshotXml.whyNot(d.getXMLDesc(0));
            String current = d.hasCurrentSnapshot() == 1 ? nameOf(d.snapshotCurrent()) : null;
            List<Snapshot> out = new ArrayList<>();
            for (String n : d.snapshotListNames(0)) {
                DomainSnapshot s = d.snapshotLookupByName(n);
                try {
                    out.add(SnapshotXml.snapshot(s.getXMLDesc(), n.equals(current)));
                } finally {
                    s.free();
                }
            }
            out.sort(Comparator.comparing((Snapshot s) -> s.created() == null ? Instant.EPOCH : s.created())
                    .thenComparing(Snapshot::name));
            return new Listing(out, why == null ? null : item.name() + " cannot be snapshotted. " + why, List.of(),
                    d.isActive() == 1);
        });
    }

    @Override
    public CompletableFuture<Void> create(Item item, String name, String description, boolean withMemory) {
        String bad = badName(name);
        if (bad != null) {
            return CompletableFuture.failedFuture(new WharfException(bad));
        }
        return calls.onDomain(item, "Snapshot", d -> {
            String why = SnapshotXml.whyNot(d.getXMLDesc(0));
            if (why != null) {
                throw new WharfException("Cannot snapshot " + item.name() + ". " + why);
            }
            boolean running = d.isActive() == 1;
            if (withMemory && !running) {
                throw new WharfException(item.name() + " is shut off: there is no memory to keep. "
                        + "Take a disk-only snapshot, or start it first.");
            }
            if (!withMemory && running) {
                throw new WharfException("A disk-only snapshot of running " + item.name() + " would be external, "
                        + "which this libvirt cannot revert: take it with memory, or shut " + item.name() + " off first.");
            }
            for (String existing : d.snapshotListNames(0)) {
                if (existing.equals(name)) {
                    throw new WharfException(item.name() + " already has a snapshot named " + name + ": choose another name.");
                }
            }
            d.snapshotCreateXML(SnapshotXml.create(name, description), 0).free();
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> revert(Item item, String name) {
        return calls.onDomain(item, "Revert", d -> {
            DomainSnapshot s = lookup(d, item, name);
            try {
                d.revertToSnapshot(s);
            } finally {
                s.free();
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> delete(Item item, String name, boolean withChildren) {
        return calls.onDomain(item, "Delete a snapshot of", d -> {
            DomainSnapshot s = lookup(d, item, name);
            try {
                s.delete(withChildren ? DomainSnapshot.SnapshotDeleteFlags.CHILDREN : 0);
            } finally {
                s.free();
            }
            return null;
        });
    }

    private static DomainSnapshot lookup(Domain d, Item item, String name) throws LibvirtException {
        for (String existing : d.snapshotListNames(0)) {
            if (existing.equals(name)) {
                return d.snapshotLookupByName(name);
            }
        }
        throw new WharfException(item.name() + " has no snapshot named " + name + ": list them with 'wharf snapshot list'.");
    }

    private static String nameOf(DomainSnapshot s) throws LibvirtException {
        try {
            return SnapshotXml.snapshot(s.getXMLDesc(), true).name();
        } finally {
            s.free();
        }
    }

    /** Null when {@code name} is a good snapshot name; else what is wrong with it. */
    static String badName(String name) {
        if (name == null || name.isBlank()) {
            return "A snapshot needs a name.";
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            return "Snapshot name '" + name + "' is not allowed: use letters, digits, '.', '_' and '-' (at most 63), "
                    + "starting with a letter or digit.";
        }
        return null;
    }
}
