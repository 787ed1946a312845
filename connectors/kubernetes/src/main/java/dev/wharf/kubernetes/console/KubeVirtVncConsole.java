package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleBusyException;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The graphical console (VNC) of a KubeVirt VMI: websocket
 * {@code GET .../virtualmachineinstances/{name}/vnc[?preserveSession=true]}, subprotocol
 * {@code plain.kubevirt.io}, raw RFB bytes in binary messages (at most 10 KiB each, cut anywhere:
 * the RFB client reassembles). virt-api sends no pings; we do, as for the serial console.
 *
 * <p>One session per VMI. Unless the user asked to take over ({@code force}), we ask with
 * {@code preserveSession=true}: virt-handler then refuses a second viewer ("Active VNC connection",
 * 503, relayed by newer virt-api as 500) instead of disconnecting the first, and we fail with a
 * {@link ConsoleBusyException}. Without it, the newest viewer wins and the old one is closed.
 */
final class KubeVirtVncConsole extends WebSocketConsole {
    private static final byte[] EMPTY = new byte[0];

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    private KubeVirtVncConsole(KubernetesClient client, String namespace, String name, ConsoleSettings settings) {
        super("graphical console (VNC) of VM " + namespace + "/" + name, settings);
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** @param takeOver connect even if another viewer is connected (it is disconnected) */
    static CompletableFuture<ConsoleStream> open(KubernetesClient client, String namespace, String name,
                                                 boolean takeOver, ConsoleSettings settings) {
        KubeVirtVncConsole console = new KubeVirtVncConsole(client, namespace, name, settings);
        CompletableFuture<ConsoleStream> result = new CompletableFuture<>();
        client.getHttpClient().newWebSocketBuilder()
                .subprotocol(KubeVirtSerialConsole.SUBPROTOCOL)
                .uri(uri(client, namespace, name, takeOver))
                .buildAsync(console)
                .whenComplete((ws, t) -> {
                    if (t == null) {
                        if (!result.complete(console)) {
                            console.close();
                        }
                        return;
                    }
                    result.completeExceptionally(console.failure(t, takeOver));
                });
        return result;
    }

    static URI uri(KubernetesClient client, String namespace, String name, boolean takeOver) {
        String master = client.getMasterUrl().toString();
        String base = master.endsWith("/") ? master : master + "/";
        return URI.create(base + "apis/subresources.kubevirt.io/v1/namespaces/" + namespace
                + "/virtualmachineinstances/" + name + "/vnc" + (takeOver ? "" : "?preserveSession=true"));
    }

    private WharfException failure(Throwable t, boolean takeOver) {
        int status = Handshakes.status(t);
        if (!takeOver && (status == 500 || status == 503)) {
            return new ConsoleBusyException("Someone else is connected to the " + description()
                    + " (KubeVirt allows one viewer at a time). Take over to disconnect them.", t);
        }
        if (status == 400) {
            return new WharfException("Could not open the " + description()
                    + ": the VM is not running or has no graphics device. Start it, then reconnect.", t);
        }
        return Handshakes.failure(t, "the " + description(),
                "'get' on virtualmachineinstances/vnc in namespace " + namespace);
    }

    @Override
    public void write(byte[] data) throws IOException {
        send(data);
    }

    @Override
    protected byte[] keepaliveMessage() {
        // a zero-length binary message: nothing to the RFB server (virt-handler copies bytes)
        return EMPTY;
    }

    @Override
    protected void received(byte[] message) {
        deliver(message);
    }

    @Override
    protected void remoteClosed(int code, String reason, Throwable error) {
        VmiEnds.afterClose(client, namespace, name, settings.probeTimeout(), description(), code, "Another viewer took over the "
                + description() + " (one viewer per VM). Take over to get it back.", this::end);
    }
}
