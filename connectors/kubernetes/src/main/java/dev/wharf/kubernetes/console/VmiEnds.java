package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Why a KubeVirt VMI console's websocket (serial or VNC) ended on its own: the VMI's phase, asked
 * once the server closed the stream, tells a stopped or deleted VM from another client that took
 * the console over (KubeVirt allows one per VM).
 */
final class VmiEnds {

    /**
     * Asks the VMI's phase and ends the console with the reason.
     *
     * @param code      the websocket close code (1006: the connection broke)
     * @param takenOver what to say when the VMI still runs: another client has the console now
     */
    static void afterClose(KubernetesClient client, String namespace, String name, Duration probeTimeout,
                           String description, int code, String takenOver, Consumer<ConsoleEnd> end) {
        String how = code == 1006 ? "the connection broke" : "closed by the server (" + code + ")";
        vmiPhase(client, namespace, name).orTimeout(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((phase, t) -> {
                    if (t != null) {
                        end.accept(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "Lost the " + description + ": "
                                + how + " and the API server does not answer (" + Handshakes.rootMessage(t) + ")."));
                    } else if (phase.isEmpty()) {
                        end.accept(ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "VM " + namespace + "/" + name
                                + " is gone: its VMI was deleted (the VM stopped)."));
                    } else if ("Running".equals(phase.get())) {
                        end.accept(ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, takenOver));
                    } else {
                        end.accept(ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "VM " + namespace + "/" + name
                                + " is no longer running (" + phase.get() + ")."));
                    }
                });
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

    private VmiEnds() {
    }
}
