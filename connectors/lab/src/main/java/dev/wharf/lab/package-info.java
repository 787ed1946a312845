/**
 * The embedded lab: a hybrid cluster to run Wharf against without one.
 *
 * <p>{@link dev.wharf.lab.Lab} starts an in-process Kubernetes API (fabric8's CRUD mock server
 * behind {@code LabDispatcher}: discovery for kubectl, server-side tables, KubeVirt's lifecycle
 * subresources simulated by {@code KubeVirtSimulator}, a simulated VMI serial console and pod
 * exec shell), seeded from the YAML fixtures under {@code dev/wharf/lab/cluster/}; and, when
 * libvirt is installed, libvirt hosts whose domains are the cluster's VM nodes (real tiny QEMU
 * guests on the lab's own libvirt daemon, or libvirt's test driver). It cleans up its guests,
 * daemon and directories on close, at JVM exit, and after a crashed run, ending only processes
 * it recorded as started by itself.
 */
package dev.wharf.lab;
