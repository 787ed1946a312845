/**
 * Live consoles on Kubernetes: the KubeVirt serial console of a VM ({@code plain.kubevirt.io}),
 * and exec/attach into pods and microVM pods ({@code v5/v4.channel.k8s.io}), each as a
 * {@link dev.wharf.inventory.ConsoleStream}. Entry point: {@link dev.wharf.kubernetes.console.KubernetesConsoles}.
 */
package dev.wharf.kubernetes.console;
