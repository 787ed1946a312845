package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a pod's cache entry keeps: everything the mapping, logs, consoles and drains read, nothing
 * else. Left out (Wharf never reads them; the Definition tab reads the live object from the server):
 * {@code managedFields} and the last-applied annotation; each container's env, probes, lifecycle
 * hooks, command and args, termination message settings; volume mounts of volumes that are not
 * hostPath (only those tell an isolation rule anything); volumes other than hostPath (the projected
 * service-account token, config maps, secrets); tolerations, affinity, topology spread, DNS config;
 * the containers' status mounts, image and allocated resource details; pod and host IP lists
 * ({@code podIP} stays).
 *
 * <p>Called by {@link LeanStore} on an object just deserialized, before it enters the cache.
 * {@code PodTrimTest} maps every pod fixture both ways and requires the same item.
 */
final class PodTrim {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    static Pod trim(Pod pod) {
        if (pod.getMetadata() != null && pod.getMetadata().getAnnotations() != null) {
            pod.getMetadata().getAnnotations().remove(LAST_APPLIED);
        }
        PodSpec spec = pod.getSpec();
        if (spec != null) {
            Set<String> hostPathVolumes = new HashSet<>();
            if (spec.getVolumes() != null) {
                List<Volume> kept = new ArrayList<>();
                for (Volume v : spec.getVolumes()) {
                    if (v.getHostPath() != null) {
                        kept.add(v);
                        hostPathVolumes.add(v.getName());
                    }
                }
                spec.setVolumes(kept);
            }
            if (spec.getContainers() != null) {
                spec.getContainers().forEach(c -> trim(c, hostPathVolumes));
            }
            if (spec.getInitContainers() != null) {
                spec.getInitContainers().forEach(c -> trim(c, hostPathVolumes));
            }
            if (spec.getEphemeralContainers() != null) {
                spec.getEphemeralContainers().forEach(c -> trim(c, hostPathVolumes));
            }
            spec.setTolerations(null);
            spec.setAffinity(null);
            spec.setTopologySpreadConstraints(null);
            spec.setDnsConfig(null);
            spec.setReadinessGates(null);
            spec.setImagePullSecrets(null);
        }
        PodStatus status = pod.getStatus();
        if (status != null) {
            status.setPodIPs(null);
            status.setHostIPs(null);
            trimStatuses(status.getContainerStatuses());
            trimStatuses(status.getInitContainerStatuses());
            trimStatuses(status.getEphemeralContainerStatuses());
        }
        return pod;
    }

    private static void trim(Container c, Set<String> hostPathVolumes) {
        c.setEnv(null);
        c.setEnvFrom(null);
        c.setLivenessProbe(null);
        c.setReadinessProbe(null);
        c.setStartupProbe(null);
        c.setLifecycle(null);
        c.setCommand(null);
        c.setArgs(null);
        c.setTerminationMessagePath(null);
        c.setTerminationMessagePolicy(null);
        c.setResizePolicy(null);
        c.setVolumeMounts(hostPathMounts(c.getVolumeMounts(), hostPathVolumes));
    }

    private static void trim(EphemeralContainer c, Set<String> hostPathVolumes) {
        c.setEnv(null);
        c.setEnvFrom(null);
        c.setLivenessProbe(null);
        c.setReadinessProbe(null);
        c.setStartupProbe(null);
        c.setLifecycle(null);
        c.setCommand(null);
        c.setArgs(null);
        c.setTerminationMessagePath(null);
        c.setTerminationMessagePolicy(null);
        c.setResizePolicy(null);
        c.setVolumeMounts(hostPathMounts(c.getVolumeMounts(), hostPathVolumes));
    }

    private static List<VolumeMount> hostPathMounts(List<VolumeMount> mounts, Set<String> hostPathVolumes) {
        if (mounts == null) {
            return null;
        }
        List<VolumeMount> kept = new ArrayList<>();
        for (VolumeMount m : mounts) {
            if (hostPathVolumes.contains(m.getName())) {
                kept.add(m);
            }
        }
        return kept;
    }

    private static void trimStatuses(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            s.setVolumeMounts(null);
            s.setImageID(null);
            s.setAllocatedResources(null);
            s.setResources(null);
            s.setUser(null);
            s.setAllocatedResourcesStatus(null);
        }
    }

    private PodTrim() {
    }
}
