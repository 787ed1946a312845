package dev.wharf.inventory;

import java.time.Duration;
import java.time.Instant;

/**
 * An item's resource usage at one moment. A figure not known is {@code null}, never 0: a sandboxed
 * pod metrics-server does not measure, a disk-less domain's disk rates, a first libvirt sample
 * (rates need two).
 *
 * @param itemId        the item measured
 * @param at            when the figures were taken (metrics-server's timestamp, the libvirt sample's)
 * @param window        the interval the figures cover (metrics-server's window, the time between
 *                      two libvirt samples)
 * @param cpuCores      CPU in cores (0.25 = 250m)
 * @param cpuPercent    CPU as a percentage of what the item may use (a node's allocatable, a domain's
 *                      vCPUs, a pod's limit when it has one; may pass 100 for a domain: QEMU's own threads)
 * @param memoryBytes   memory in use: working set (metrics-server), the guest's balloon statistics or
 *                      else its current allocation (libvirt)
 * @param memoryPercent memory as a percentage of what the item may use, as for CPU
 * @param diskReadBps   disk read, bytes per second, summed over disks
 * @param diskWriteBps  disk write, bytes per second
 * @param netRxBps      network received, bytes per second, summed over interfaces
 * @param netTxBps      network transmitted, bytes per second
 * @param origin        empty, or where the figures come from when that is not the item itself, for a
 *                      tooltip ("the virt-launcher pod's usage: its compute container runs QEMU")
 */
public record Usage(String itemId, Instant at, Duration window, Double cpuCores, Double cpuPercent,
                    Long memoryBytes, Double memoryPercent, Long diskReadBps, Long diskWriteBps,
                    Long netRxBps, Long netTxBps, String origin) {
    public Usage {
        origin = origin == null ? "" : origin;
    }
}
