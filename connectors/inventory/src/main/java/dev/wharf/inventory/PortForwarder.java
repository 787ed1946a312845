package dev.wharf.inventory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Capability of a {@link Source} that forwards local TCP ports into its workloads: a pod through
 * the Kubernetes {@code portforward} subresource, a KubeVirt VM through its VMI's. Reached through
 * {@link Source#capability(Class)}; views never ask what kind of item or source it is.
 */
public interface PortForwarder {

    /** Whether ports of {@code item} can be forwarded at all (a pod or VM of this source; not a node). */
    boolean canForward(Item item);

    /** The ports {@code item} declares (container ports, VM interface ports), to suggest; may be empty. */
    List<Port> ports(Item item);

    /**
     * Listens on {@code bindAddress:localPort} (0: a free port) and forwards every TCP connection
     * accepted there to {@code remotePort} of {@code item}, each over a stream of its own. Completes
     * once listening; exceptionally with a {@link WharfException} that says why not (the port is
     * taken, the item cannot be forwarded to). The forward runs until {@link Forward#stop()}.
     */
    @Mutates
    CompletableFuture<Forward> forward(Item item, int remotePort, String bindAddress, int localPort);

    /**
     * A declared port.
     *
     * @param number   the port number in the pod or VM
     * @param name     its name ("http", "metrics"); empty if none
     * @param protocol "TCP" (forwarding is TCP only), "UDP", "SCTP"
     * @param where    the container or interface that declares it; empty if unknown
     */
    record Port(int number, String name, String protocol, String where) {
        public Port {
            name = name == null ? "" : name;
            protocol = protocol == null || protocol.isBlank() ? "TCP" : protocol;
            where = where == null ? "" : where;
        }

        /** Whether it looks like a web port to open in a browser (by name or a well-known number). */
        public boolean looksLikeHttp() {
            return Forward.looksLikeHttp(number, name);
        }
    }
}
