package dev.wharf.inventory;

/**
 * What a pod asks of its node, as the scheduler counts it (a facet of pods and microVMs): the larger
 * of its containers' summed requests and its largest init container's, plus the pod's overhead
 * ({@code spec.overhead}, else its RuntimeClass's {@code overhead.podFixed}).
 *
 * @param cpuCores    CPU in cores (0.25 = 250m); null when nothing requests CPU
 * @param memoryBytes memory in bytes; null when nothing requests memory
 */
public record ResourceRequests(Double cpuCores, Long memoryBytes) {
}
