package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleStream;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Utils;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
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
        VmiEnds.afterClose(client, namespace, name, settings.probeTimeout(), description(), code, "Another client opened the "
                + description() + " (one session per VM). Reconnect to take it back.", this::end);
    }
}
