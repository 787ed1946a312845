package dev.wharf.kubernetes.portforward;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where one forward's streams go and how they are framed: a pod's {@code portforward} subresource
 * ({@code v4.channel.k8s.io}: per port a data channel and an error channel, each opened by a message
 * carrying the port) or a KubeVirt VMI's ({@code plain.kubevirt.io}: raw bytes), one websocket per
 * TCP connection either way.
 */
final class ForwardTarget {
    static final String CHANNELS = "v4.channel.k8s.io";
    static final String KUBEVIRT = "plain.kubevirt.io";

    private final KubernetesClient client;
    private final boolean vm;
    private final String namespace;
    private final String name;
    private final int port;

    private ForwardTarget(KubernetesClient client, boolean vm, String namespace, String name, int port) {
        this.client = client;
        this.vm = vm;
        this.namespace = namespace;
        this.name = name;
        this.port = port;
    }

    /** A pod or microVM pod, or a KubeVirt VM (its VMI); refuses anything else with a message saying why. */
    static ForwardTarget of(KubernetesClient client, Item item, int port) {
        if (port < 1 || port > 65535) {
            throw new WharfException("Port " + port + " is not a TCP port: give a number from 1 to 65535.");
        }
        if (item.namespace() == null || item.namespace().isBlank()) {
            throw new WharfException(item.name() + " is a " + item.kind().wire()
                    + ": ports can be forwarded to pods and VMs only.");
        }
        if (item.kind() == Kind.POD || item.kind() == Kind.MICROVM) {
            return new ForwardTarget(client, false, item.namespace(), item.name(), port);
        }
        if (item.kind() == Kind.VM) {
            return new ForwardTarget(client, true, item.namespace(), item.name(), port);
        }
        throw new WharfException(item.name() + " is a " + item.kind().wire()
                + ": ports can be forwarded to pods and VMs only.");
    }

    /** "pod shop/web" or "VM shop/legacy-erp". */
    String description() {
        return (vm ? "VM " : "pod ") + namespace + "/" + name;
    }

    int port() {
        return port;
    }

    /** Kubernetes' channel framing (pods); raw bytes otherwise (KubeVirt). */
    boolean channels() {
        return !vm;
    }

    String subprotocol() {
        return vm ? KUBEVIRT : CHANNELS;
    }

    URI uri() {
        return URI.create(base() + (vm
                ? "apis/subresources.kubevirt.io/v1/namespaces/" + namespace + "/virtualmachineinstances/" + name
                        + "/portforward/" + port + "/tcp"
                : "api/v1/namespaces/" + namespace + "/pods/" + name + "/portforward?ports=" + port));
    }

    /** The RBAC rule that allows it, for a 403's message. */
    String permission() {
        return vm ? "'get' on virtualmachineinstances/portforward in namespace " + namespace
                : "'create' on pods/portforward in namespace " + namespace;
    }

    private String base() {
        String master = client.getMasterUrl().toString();
        return master.endsWith("/") ? master : master + "/";
    }

    /**
     * Whether the target is gone: empty while it exists and runs; else one sentence saying what
     * happened. Fails when the API server does not answer.
     */
    CompletableFuture<Optional<String>> gone() {
        HttpClient http = client.getHttpClient();
        String path = vm ? "apis/kubevirt.io/v1/namespaces/" + namespace + "/virtualmachineinstances/" + name
                : "api/v1/namespaces/" + namespace + "/pods/" + name;
        HttpRequest request = http.newHttpRequestBuilder().uri(base() + path).build();
        return http.sendAsync(request, String.class).thenApply(response -> {
            if (response.code() == 404) {
                return Optional.of(vm ? description() + " is not running: its VMI is gone (the VM stopped or was deleted)."
                        : description() + " is gone: it was deleted. Forward to its replacement.");
            }
            if (!response.isSuccessful()) {
                throw new CompletionException(new IOException("HTTP " + response.code()));
            }
            GenericKubernetesResource o = client.getKubernetesSerialization()
                    .unmarshal(response.body(), GenericKubernetesResource.class);
            Object phase = o.get("status", "phase");
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                return Optional.of(description() + " has stopped (" + phase + ").");
            }
            return Optional.<String>empty();
        });
    }
}
