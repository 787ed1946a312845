package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.concurrent.CompletableFuture;

/**
 * Opens live consoles on a Kubernetes cluster: the KubeVirt serial or graphical (VNC) console of a VM, or a
 * shell (exec) / attach in a pod's or microVM pod's container.
 */
public final class KubernetesConsoles {
    private KubernetesConsoles() {
    }

    /**
     * Opens the console {@code request} asks for, with {@link ConsoleSettings#defaults()}.
     * Completes with a stream that is connected but not started; exceptionally with a
     * {@link WharfException} that says why not.
     */
    public static CompletableFuture<ConsoleStream> open(KubernetesClient client, Item item, ConsoleRequest request) {
        return open(client, item, request, ConsoleSettings.defaults());
    }

    /** As {@link #open(KubernetesClient, Item, ConsoleRequest)}, with other timings. */
    public static CompletableFuture<ConsoleStream> open(KubernetesClient client, Item item, ConsoleRequest request,
                                                        ConsoleSettings settings) {
        ConsoleType type = request.type();
        if (!item.consoles().isEmpty() && !item.consoles().contains(type)) {
            return refuse(item.name() + " offers no " + type.wire() + " console now (it offers "
                    + item.consoles().stream().map(ConsoleType::wire).toList() + ").");
        }
        if (item.namespace() == null || item.namespace().isBlank()) {
            return refuse(item.name() + " has no namespace, so it is not a Kubernetes workload with a console.");
        }
        try {
            switch (type) {
                case SERIAL:
                    if (item.kind() != Kind.VM) {
                        return refuse(item.name() + " is a " + item.kind().wire()
                                + ": only KubeVirt VMs have a serial console. Open a shell (exec) instead.");
                    }
                    return KubeVirtSerialConsole.open(client, item.namespace(), item.name(), settings);
                case EXEC:
                case ATTACH:
                    if (item.kind() != Kind.POD && item.kind() != Kind.MICROVM) {
                        return refuse(item.name() + " is a " + item.kind().wire() + ": " + type.wire()
                                + " works on pods and microVM pods" + (item.kind() == Kind.VM ? "; open its serial console instead." : "."));
                    }
                    return PodExecConsole.open(client, item.namespace(), item.name(), request.container(),
                            request.command(), type == ConsoleType.ATTACH, request.columns(), request.rows(), settings);
                case VNC:
                    if (item.kind() != Kind.VM) {
                        return refuse(item.name() + " is a " + item.kind().wire()
                                + ": only KubeVirt VMs have a graphical console.");
                    }
                    return KubeVirtVncConsole.open(client, item.namespace(), item.name(), request.force(), settings);
                default:
                    return refuse(item.name() + ": unknown console type " + type);
            }
        } catch (WharfException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<ConsoleStream> refuse(String message) {
        return CompletableFuture.failedFuture(new WharfException(message));
    }
}
