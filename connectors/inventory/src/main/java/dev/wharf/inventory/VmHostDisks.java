package dev.wharf.inventory;

import java.util.List;

/** A KubeVirt VM's {@code hostDisk} volumes: disk images on its node's file system (a facet of VMs that have any). */
public record VmHostDisks(List<HostDisk> disks) {
    public VmHostDisks {
        disks = List.copyOf(disks);
    }

    /**
     * One hostDisk volume.
     *
     * @param type {@code Disk} or {@code DiskOrCreate}
     */
    public record HostDisk(String volume, String path, String type) {
    }
}
