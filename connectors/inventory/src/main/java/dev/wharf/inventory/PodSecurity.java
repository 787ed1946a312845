package dev.wharf.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's settings that decide how well it is isolated from its node (a facet of pods and
 * microVMs, for the isolation analysis).
 *
 * @param containers  every container, init and ephemeral ones included, in spec order
 * @param hostPID     {@code spec.hostPID}
 * @param hostIPC     {@code spec.hostIPC}
 * @param hostNetwork {@code spec.hostNetwork}
 * @param hostPaths   hostPath volumes
 * @param hostPorts   container ports bound on the node
 * @param ownerKind   kind of the controlling owner (DaemonSet, ReplicaSet, Job, VirtualMachineInstance …); null if none
 * @param overhead    {@code spec.overhead} (resource → quantity), empty when none
 */
public record PodSecurity(List<ContainerSecurity> containers, boolean hostPID, boolean hostIPC, boolean hostNetwork,
                          List<HostPathVolume> hostPaths, List<HostPort> hostPorts, String ownerKind,
                          Map<String, String> overhead) {

    public PodSecurity {
        containers = List.copyOf(containers);
        hostPaths = List.copyOf(hostPaths);
        hostPorts = List.copyOf(hostPorts);
        overhead = Map.copyOf(overhead);
    }

    /** Where a container is declared. */
    public enum ContainerType { CONTAINER, INIT, EPHEMERAL }

    /**
     * One container's security context (the pod's defaults do not carry these three).
     *
     * @param allowPrivilegeEscalation as set; null when not set (the runtime then allows it)
     */
    public record ContainerSecurity(String name, ContainerType type, boolean privileged, List<String> addedCapabilities,
                                    Boolean allowPrivilegeEscalation) {
        public ContainerSecurity {
            addedCapabilities = List.copyOf(addedCapabilities);
        }
    }

    /**
     * A hostPath volume.
     *
     * @param readOnly true when no container mounts it writable
     */
    public record HostPathVolume(String volume, String path, boolean readOnly) {
    }

    /** A container port bound on the node's address. */
    public record HostPort(String container, int port, String protocol) {
    }

    /** True if any container runs privileged. */
    public boolean privileged() {
        return containers.stream().anyMatch(ContainerSecurity::privileged);
    }

    /** Names of the privileged containers. */
    public List<String> privilegedContainers() {
        List<String> out = new ArrayList<>();
        for (ContainerSecurity c : containers) {
            if (c.privileged()) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** Every capability added by any container, as written, in order of first appearance. */
    public Set<String> addedCapabilities() {
        Set<String> out = new LinkedHashSet<>();
        containers.forEach(c -> out.addAll(c.addedCapabilities()));
        return out;
    }

    /** True if it shares one of the node's namespaces (PID, IPC, network). */
    public boolean sharesHostNamespace() {
        return hostPID || hostIPC || hostNetwork;
    }
}
