package dev.wharf.lab;

import java.util.List;
import java.util.UUID;

/**
 * The libvirt half of the lab: a set of libvirt URIs whose domains include the VMs that are the
 * lab cluster's nodes (same UUIDs as the nodes' {@code status.nodeInfo.systemUUID}).
 */
interface LabHosts extends AutoCloseable {

    /** A libvirt domain of the lab. */
    record HostDomain(String name, UUID uuid, int memoryMiB, State state) {
    }

    /** How a domain starts out. */
    enum State { RUNNING, PAUSED, SHUTOFF }

    /** The VMs behind the cluster's nodes (see {@code cluster/nodes.yaml}); worker-03's is shut off. */
    List<HostDomain> NODE_VMS = List.of(
            new HostDomain("worker-01", UUID.fromString("6a1f3c52-8d0e-4b7a-9e21-3f5c7d9b0a11"), 128, State.RUNNING),
            new HostDomain("worker-02", UUID.fromString("6a1f3c52-8d0e-4b7a-9e21-3f5c7d9b0a12"), 128, State.RUNNING),
            new HostDomain("worker-03", UUID.fromString("6a1f3c52-8d0e-4b7a-9e21-3f5c7d9b0a13"), 128, State.SHUTOFF));

    /** Other domains of the host, not Kubernetes nodes. */
    List<HostDomain> OTHERS = List.of(
            new HostDomain("nfs-store", UUID.fromString("1b7e4a90-33c2-4f5e-8d61-2a9c0e7f5b21"), 1024, State.RUNNING),
            new HostDomain("win-build-agent", UUID.fromString("1b7e4a90-33c2-4f5e-8d61-2a9c0e7f5b22"), 4096, State.PAUSED),
            new HostDomain("old-gateway", UUID.fromString("1b7e4a90-33c2-4f5e-8d61-2a9c0e7f5b23"), 512, State.SHUTOFF));

    /** The lab's libvirt URIs (empty without libvirt). */
    List<String> uris();

    /** What this half could not provide and what to install; "" when complete. */
    String notice();

    @Override
    void close();

    /** No libvirt at all. */
    static LabHosts none(String reason) {
        return new LabHosts() {
            @Override
            public List<String> uris() {
                return List.of();
            }

            @Override
            public String notice() {
                return reason;
            }

            @Override
            public void close() {
            }
        };
    }
}
