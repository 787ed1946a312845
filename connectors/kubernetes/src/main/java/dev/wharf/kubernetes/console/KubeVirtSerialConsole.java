package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.utils.Utils;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The serial console of a KubeVirt VMI: websocket {@code GET .../virtualmachineinstances/{name}/console},
 * subprotocol {@code plain.kubevirt.io}, raw guest bytes in binary messages both ways. virt-api
 * answers 400 while the VMI is not running yet (we ask again every second, as virtctl does),
 * sends no pings (we do), and closes with 1006 when the guest stops, another client connects
 * (one session per VMI) or the network goes; we ask the VMI which of these it was.
 */
final class KubeVirtSerialConsole extends WebSocketConsole {
    static final String SUBPROTOCOL = "plain.kubevirt.io";
    private static final byte[] EMPTY = new byte[0];

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    private KubeVirtSerialConsole(KubernetesClient client, String namespace, String name, ConsoleSettings settings) {
        super("serial console of VM " + namespace + "/" + name, settings);
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    static CompletableFuture<ConsoleStream> open(KubernetesClient client, String namespace, String name,
                                                 ConsoleSettings settings) {
        KubeVirtSerialConsole console = new KubeVirtSerialConsole(client, namespace, name, settings);
        CompletableFuture<ConsoleStream> result = new CompletableFuture<>();
        console.attempt(1, result);
        return result;
    }

    private String base() {
        String master = client.getMasterUrl().toString();
        return master.endsWith("/") ? master : master + "/";
    }

    private URI consoleUri() {
        return URI.create(base() + "apis/subresources.kubevirt.io/v1/namespaces/" + namespace
                + "/virtualmachineinstances/" + name + "/console");
    }

    private void attempt(int n, CompletableFuture<ConsoleStream> result) {
        if (result.isDone()) {
            return; // the caller gave up (e.g. closed the tab while the VM was starting)
        }
        client.getHttpClient().newWebSocketBuilder()
                .subprotocol(SUBPROTOCOL)
                .uri(consoleUri())
                .buildAsync(this)
                .whenComplete((ws, t) -> {
                    if (t == null) {
                        if (!result.complete(this)) {
                            close();
                        }
                        return;
                    }
                    int status = Handshakes.status(t);
                    if (status == 400 && n < settings.startRetryLimit()) {
                        Utils.schedule(Runnable::run, () -> attempt(n + 1, result),
                                settings.startRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
                    } else if (status == 400) {
                        result.completeExceptionally(new dev.wharf.inventory.WharfException(
                                "Could not open the " + description() + ": the VM is not running (asked "
                                        + n + " times). Start it, then reconnect.", t));
                    } else {
                        result.completeExceptionally(Handshakes.failure(t, "the " + description(),
                                "'get' on virtualmachineinstances/console in namespace " + namespace));
                    }
                });
    }

    @Override
    public void write(byte[] data) throws IOException {
        send(data);
    }

    @Override
    protected byte[] keepaliveMessage() {
        return EMPTY;
    }

    @Override
    protected void received(byte[] message) {
        deliver(message);
    }

    @Override
    protected void remoteClosed(int code, String reason, Throwable error) {
        String how = code == 1006 ? "the connection broke" : "closed by the server (" + code + ")";
        vmiPhase().orTimeout(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((phase, t) -> {
                    if (t != null) {
                        end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "Lost the " + description() + ": " + how
                                + " and the API server does not answer (" + Handshakes.rootMessage(t) + ")."));
                    } else if (phase.isEmpty()) {
                        end(ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "VM " + namespace + "/" + name
                                + " is gone: its VMI was deleted (the VM stopped)."));
                    } else if ("Running".equals(phase.get())) {
                        end(ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "Another client opened the "
                                + description() + " (one session per VM). Reconnect to take it back."));
                    } else {
                        end(ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "VM " + namespace + "/" + name
                                + " is no longer running (" + phase.get() + ")."));
                    }
                });
    }

    /** The VMI's status.phase; empty when it no longer exists. Fails when the server does not answer. */
    private CompletableFuture<Optional<String>> vmiPhase() {
        return vmiPhase(client, namespace, name);
    }

    /** The VMI's status.phase; empty when it no longer exists. Fails when the server does not answer. */
    static CompletableFuture<Optional<String>> vmiPhase(KubernetesClient client, String namespace, String name) {
        HttpClient http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri((master.endsWith("/") ? master : master + "/") + "apis/kubevirt.io/v1/namespaces/" + namespace + "/virtualmachineinstances/" + name)
                .build();
        return http.sendAsync(request, String.class).thenApply(response -> {
            if (response.code() == 404) {
                return Optional.<String>empty();
            }
            if (!response.isSuccessful()) {
                throw new CompletionException(new IOException("HTTP " + response.code()));
            }
            GenericKubernetesResource vmi = client.getKubernetesSerialization()
                    .unmarshal(response.body(), GenericKubernetesResource.class);
            Object phase = vmi.get("status", "phase");
            return Optional.of(phase == null ? "Unknown" : phase.toString());
        });
    }
}
