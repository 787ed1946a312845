package dev.wharf.kubernetes.portforward;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Port-forwarding for a Kubernetes context: pods (and microVM pods) through {@code pods/portforward},
 * KubeVirt VMs through their VMI's {@code portforward}. Declared ports come from the informer caches;
 * a forward whose pod or VM leaves the inventory says at once that its target is gone.
 */
public final class KubernetesPortForwarder implements PortForwarder {
    private final KubernetesClient client;
    private final Function<String, Pod> pods;
    private final Function<String, GenericKubernetesResource> vmis;
    private final Inventory inventory;
    private final List<LocalForward> running = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription; // guarded by this

    /**
     * @param pods     a pod from the informer cache by "namespace/name"; null if absent
     * @param vmis     a VMI from the informer cache by "namespace/name"; null if absent
     * @param inventory where removals of forwarded items are heard
     */
    public KubernetesPortForwarder(KubernetesClient client, Function<String, Pod> pods,
                                   Function<String, GenericKubernetesResource> vmis, Inventory inventory) {
        this.client = client;
        this.pods = pods;
        this.vmis = vmis;
        this.inventory = inventory;
    }

    @Override
    public boolean canForward(Item item) {
        return item.namespace() != null && !item.namespace().isBlank()
                && (item.kind() == Kind.POD || item.kind() == Kind.MICROVM || item.kind() == Kind.VM);
    }

    @Override
    public List<Port> ports(Item item) {
        String key = item.namespace() + "/" + item.name();
        List<Port> out = new ArrayList<>();
        if (item.kind() == Kind.POD || item.kind() == Kind.MICROVM) {
            Pod p = pods.apply(key);
            if (p != null && p.getSpec() != null) {
                for (Container c : p.getSpec().getContainers()) {
                    for (ContainerPort cp : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                        if (cp.getContainerPort() != null) {
                            out.add(new Port(cp.getContainerPort(), cp.getName(), cp.getProtocol(), c.getName()));
                        }
                    }
                }
            }
        } else if (item.kind() == Kind.VM) {
            GenericKubernetesResource vmi = vmis.apply(key);
            Object interfaces = vmi == null ? null : vmi.get("spec", "domain", "devices", "interfaces");
            if (interfaces instanceof List<?> list) {
                for (Object i : list) {
                    if (i instanceof Map<?, ?> iface && iface.get("ports") instanceof List<?> ports) {
                        for (Object o : ports) {
                            if (o instanceof Map<?, ?> port && port.get("port") instanceof Number n) {
                                out.add(new Port(n.intValue(), str(port.get("name")), str(port.get("protocol")),
                                        str(iface.get("name"))));
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    @Override
    public CompletableFuture<Forward> forward(Item item, int remotePort, String bindAddress, int localPort) {
        try {
            ForwardTarget target = ForwardTarget.of(client, item, remotePort);
            LocalForward f = LocalForward.start(client, target, item.id(), bindAddress, localPort);
            running.add(f);
            f.onStatus(s -> {
                if (s.state() == Forward.State.STOPPED || s.state() == Forward.State.TARGET_GONE) {
                    running.remove(f);
                    unwatchWhenIdle();
                }
            });
            watchInventory();
            return CompletableFuture.completedFuture(f);
        } catch (WharfException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized void watchInventory() {
        if (subscription == null && inventory != null) {
            subscription = inventory.subscribe(this::changed);
        }
    }

    private synchronized void unwatchWhenIdle() {
        if (running.isEmpty() && subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // an inventory subscription closes without failing
            }
            subscription = null;
        }
    }

    /** A pod or VM removed from the inventory (deleted; a VM's VMI is checked when a stream breaks). */
    private void changed(InventoryDelta delta) {
        if (delta.initial() || delta.removed().isEmpty()) {
            return;
        }
        for (LocalForward f : running) {
            if (delta.removed().contains(f.itemId())) {
                f.targetGone(f.target() + " is gone: it was deleted." + (f.target().startsWith("pod")
                        ? " Forward to its replacement." : ""));
            }
        }
    }
}
