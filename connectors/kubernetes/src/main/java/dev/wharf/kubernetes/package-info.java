/**
 * The Kubernetes connector: kubeconfig contexts ({@link dev.wharf.kubernetes.Kubeconfigs}) and one
 * live source per context ({@link dev.wharf.kubernetes.KubernetesConnection}): informers for nodes,
 * pods, RuntimeClasses and KubeVirt VMs, VMIs and migrations, mapped into the inventory by the
 * pure mappers of {@code dev.wharf.kubernetes.mapping}; lifecycle actions through KubeVirt's
 * subresources, with RBAC asked in advance; describe (YAML) and events. Consoles live in
 * {@code dev.wharf.kubernetes.console}.
 */
package dev.wharf.kubernetes;
