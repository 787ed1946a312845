/**
 * The embedded lab: a hybrid cluster to run Wharf against without one.
 *
 * <p>{@link dev.wharf.lab.Lab} starts an in-process Kubernetes API (fabric8's CRUD mock server
 * behind {@code LabDispatcher}: discovery for kubectl, server-side tables, KubeVirt's lifecycle
 * subresources and live migration simulated by {@code KubeVirtSimulator} (over
 * {@code VmLifecycle}, {@code VmMigrations}, {@code GuestConsoles}), the eviction API
 * ({@code PodEvictions}) and the Events a cluster writes ({@code EventRecorder}), a simulated VMI
 * serial console and pod exec shell), seeded from the YAML fixtures under
 * {@code dev/wharf/lab/cluster/} (including failure situations and their events); and, when
 * libvirt is installed, libvirt hosts whose domains are the cluster's VM nodes (real tiny QEMU
 * guests on the lab's own libvirt daemon, or libvirt's test driver). It cleans up its guests,
 * daemon and directories on close, at JVM exit, and after a crashed run, ending only processes
 * it recorded as started by itself.
 */
package dev.wharf.lab;
