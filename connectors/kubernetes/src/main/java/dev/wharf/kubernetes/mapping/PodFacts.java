package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.PodSecurity;
import dev.wharf.inventory.ResourceRequests;
import dev.wharf.inventory.PodSecurity.ContainerSecurity;
import dev.wharf.inventory.PodSecurity.ContainerType;
import dev.wharf.inventory.PodSecurity.HostPathVolume;
import dev.wharf.inventory.PodSecurity.HostPort;
import dev.wharf.inventory.RuntimeClassFacts;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's isolation facts ({@link PodSecurity}, {@link RuntimeClassFacts}) from its spec. Pure. */
final class PodFacts {
    /**
     * Equal facts are shared: the pods of one ReplicaSet or DaemonSet have the same settings, and
     * the inventory holds tens of thousands of pods. Bounded: cleared when it grows past the limit.
     */
    private static final int INTERNED = 20_000;
    private static final Map<PodSecurity, PodSecurity> SECURITY = new java.util.concurrent.ConcurrentHashMap<>();

    private PodFacts() {
    }

    private static PodSecurity intern(PodSecurity s) {
        if (SECURITY.size() > INTERNED) {
            SECURITY.clear();
        }
        PodSecurity known = SECURITY.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    static PodSecurity security(Pod pod) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        List<ContainerSecurity> containers = new ArrayList<>();
        List<HostPort> ports = new ArrayList<>();
        Set<String> writable = new HashSet<>();
        for (Container c : nonNull(spec.getInitContainers())) {
            containers.add(container(c.getName(), ContainerType.INIT, c.getSecurityContext()));
            note(c.getName(), c.getPorts(), c.getVolumeMounts(), ports, writable);
        }
        for (Container c : nonNull(spec.getContainers())) {
            containers.add(container(c.getName(), ContainerType.CONTAINER, c.getSecurityContext()));
            note(c.getName(), c.getPorts(), c.getVolumeMounts(), ports, writable);
        }
        for (EphemeralContainer c : nonNull(spec.getEphemeralContainers())) {
            containers.add(container(c.getName(), ContainerType.EPHEMERAL, c.getSecurityContext()));
            note(c.getName(), c.getPorts(), c.getVolumeMounts(), ports, writable);
        }
        List<HostPathVolume> hostPaths = new ArrayList<>();
        for (Volume v : nonNull(spec.getVolumes())) {
            if (v.getHostPath() != null && v.getHostPath().getPath() != null) {
                hostPaths.add(new HostPathVolume(v.getName(), v.getHostPath().getPath(), !writable.contains(v.getName())));
            }
        }
        return intern(new PodSecurity(containers, Boolean.TRUE.equals(spec.getHostPID()),
                Boolean.TRUE.equals(spec.getHostIPC()), Boolean.TRUE.equals(spec.getHostNetwork()), hostPaths, ports,
                ownerKind(pod), quantities(spec.getOverhead())));
    }

    /** Null when the pod names no class. */
    static RuntimeClassFacts runtimeClass(String className, RuntimeClass rc, boolean readable) {
        if (className == null || className.isEmpty()) {
            return null;
        }
        if (rc == null) {
            return new RuntimeClassFacts(className,
                    readable ? RuntimeClassFacts.Status.MISSING : RuntimeClassFacts.Status.UNREADABLE, null, Map.of(), Map.of());
        }
        Map<String, String> podFixed = rc.getOverhead() == null ? Map.of() : quantities(rc.getOverhead().getPodFixed());
        Map<String, String> selector = rc.getScheduling() == null || rc.getScheduling().getNodeSelector() == null
                ? Map.of() : rc.getScheduling().getNodeSelector();
        return new RuntimeClassFacts(className, RuntimeClassFacts.Status.FOUND, rc.getHandler(), podFixed, selector);
    }

    /**
     * The pod's requests as the scheduler counts them: max(sum of containers, largest init container)
     * plus its overhead ({@code spec.overhead}, which admission copies from the RuntimeClass; else the
     * class's {@code podFixed}). Null when nothing requests CPU or memory.
     */
    static ResourceRequests requests(Pod pod, RuntimeClass rc) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        Map<String, Quantity> overhead = spec.getOverhead();
        if ((overhead == null || overhead.isEmpty()) && rc != null && rc.getOverhead() != null) {
            overhead = rc.getOverhead().getPodFixed();
        }
        java.math.BigDecimal[] sum = new java.math.BigDecimal[2];
        java.math.BigDecimal[] init = new java.math.BigDecimal[2];
        for (Container c : nonNull(spec.getContainers())) {
            add(sum, c.getResources() == null ? null : c.getResources().getRequests(), false);
        }
        for (Container c : nonNull(spec.getInitContainers())) {
            add(init, c.getResources() == null ? null : c.getResources().getRequests(), true);
        }
        for (int k = 0; k < 2; k++) {
            if (init[k] != null && (sum[k] == null || init[k].compareTo(sum[k]) > 0)) {
                sum[k] = init[k];
            }
        }
        add(sum, overhead, false);
        if (sum[0] == null && sum[1] == null) {
            return null;
        }
        return new ResourceRequests(sum[0] == null ? null : sum[0].doubleValue(), sum[1] == null ? null : sum[1].longValue());
    }

    /** Adds cpu (index 0) and memory (1) of {@code q} to {@code acc}; {@code max} keeps the larger instead. */
    private static void add(java.math.BigDecimal[] acc, Map<String, Quantity> q, boolean max) {
        if (q == null) {
            return;
        }
        String[] names = {"cpu", "memory"};
        for (int k = 0; k < 2; k++) {
            Quantity v = q.get(names[k]);
            if (v == null) {
                continue;
            }
            java.math.BigDecimal amount;
            try {
                amount = Quantity.getAmountInBytes(v);
            } catch (RuntimeException e) {
                continue;
            }
            acc[k] = acc[k] == null ? amount : max ? acc[k].max(amount) : acc[k].add(amount);
        }
    }

    private static ContainerSecurity container(String name, ContainerType type, SecurityContext sc) {
        if (sc == null) {
            return new ContainerSecurity(name, type, false, List.of(), null);
        }
        Capabilities caps = sc.getCapabilities();
        List<String> added = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
        return new ContainerSecurity(name, type, Boolean.TRUE.equals(sc.getPrivileged()), added,
                sc.getAllowPrivilegeEscalation());
    }

    private static void note(String container, List<ContainerPort> ports, List<VolumeMount> mounts,
                             List<HostPort> hostPorts, Set<String> writable) {
        for (ContainerPort p : nonNull(ports)) {
            if (p.getHostPort() != null && p.getHostPort() > 0) {
                hostPorts.add(new HostPort(container, p.getHostPort(), p.getProtocol() == null ? "TCP" : p.getProtocol()));
            }
        }
        for (VolumeMount m : nonNull(mounts)) {
            if (!Boolean.TRUE.equals(m.getReadOnly())) {
                writable.add(m.getName());
            }
        }
    }

    private static String ownerKind(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r.getKind();
            }
        }
        return refs.get(0).getKind();
    }

    private static Map<String, String> quantities(Map<String, Quantity> q) {
        if (q == null || q.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        q.forEach((k, v) -> out.put(k, NodeMapper.quantity(v)));
        return out;
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }
}
