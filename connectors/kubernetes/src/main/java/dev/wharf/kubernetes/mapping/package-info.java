/**
 * Pure functions from fabric8 objects to inventory items: {@link dev.wharf.kubernetes.mapping.NodeMapper},
 * {@link dev.wharf.kubernetes.mapping.PodMapper} (the pod → microVM decision, by RuntimeClass handler:
 * {@link dev.wharf.kubernetes.mapping.RuntimeClassifier}) and {@link dev.wharf.kubernetes.mapping.VmMapper}
 * (a KubeVirt VM and its VMI as one VM item). Tested with the fixture files in src/test/resources/fixtures.
 */
package dev.wharf.kubernetes.mapping;
