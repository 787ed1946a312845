/**
 * Port-forwarding into pods and KubeVirt VMs ({@link dev.wharf.inventory.PortForwarder}), reached
 * through {@code KubernetesConnection.capability(PortForwarder.class)}.
 *
 * <ul>
 *   <li><b>Pods</b>: websocket {@code GET /api/v1/namespaces/{ns}/pods/{p}/portforward?ports=P},
 *   subprotocol {@code v4.channel.k8s.io}: channel 0 carries data, channel 1 errors (the kubelet's
 *   "connection refused"); the first message on each carries the port as 2 bytes little-endian.
 *   fabric8's own {@code portForward()} is not used: it sends without waiting for the previous
 *   message (the JDK websocket refuses that under load), cannot count bytes and keeps the error
 *   channel to itself.</li>
 *   <li><b>KubeVirt VMs</b>: {@code GET /apis/subresources.kubevirt.io/v1/namespaces/{ns}/
 *   virtualmachineinstances/{n}/portforward/{port}/tcp}, subprotocol {@code plain.kubevirt.io},
 *   raw bytes; 409 while the VM is paused.</li>
 * </ul>
 *
 * One websocket per local TCP connection ({@code Tunnel}); a {@code LocalForward} accepts them,
 * counts bytes, and when a stream breaks says "reconnecting", asks the API server whether the
 * target still exists and opens a fresh stream; a deleted pod (heard from the inventory, or a 404)
 * makes it "target gone" and releases the local port.
 */
package dev.wharf.kubernetes.portforward;
