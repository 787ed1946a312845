/**
 * The unified inventory: what Wharf knows, independent of where it came from.
 *
 * <p>Owns the model ({@link dev.wharf.inventory.Item}: hosts, nodes, pods, VMs and microVMs, with
 * state, isolation, placement, owner and capabilities), the thread-safe store that publishes
 * coalesced deltas ({@link dev.wharf.inventory.Inventory}), the cross-layer link between a
 * Kubernetes node and the VM it runs in, and the contracts every connector implements:
 * {@link dev.wharf.inventory.Source}, {@link dev.wharf.inventory.ConsoleStream},
 * {@link dev.wharf.inventory.CredentialPrompt}. JDK only: no fabric8, no libvirt, no JavaFX.
 */
package dev.wharf.inventory;
