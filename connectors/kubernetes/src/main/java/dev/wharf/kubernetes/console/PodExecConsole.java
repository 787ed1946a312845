package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A terminal in a pod's container: exec (a shell, by default bash if the image has it, else sh)
 * or attach (the container's main process). Speaks {@code v5.channel.k8s.io} and falls back to
 * {@code v4.channel.k8s.io} for API servers before Kubernetes 1.30; follows the terminal's size
 * (channel 4) and reports the exit status (channel 3).
 *
 * <p>Why not fabric8's {@code ExecWatch}: it speaks v4 only and gives no way to ping.
 */
final class PodExecConsole extends WebSocketConsole {
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";

    private final KubernetesClient client;
    private final boolean attach;
    private final String what;
    private volatile boolean v5;

    private PodExecConsole(KubernetesClient client, String description, boolean attach, ConsoleSettings settings) {
        super(description, settings);
        this.client = client;
        this.attach = attach;
        this.what = attach ? "the container's process" : "the shell";
    }

    /**
     * @param container the container, or null for the pod's default (its
     *                  {@code kubectl.kubernetes.io/default-container}, else the first)
     * @param command   for exec: the command, empty for the {@link DefaultShell} (bash, else sh);
     *                  ignored for attach
     */
    static CompletableFuture<ConsoleStream> open(KubernetesClient client, String namespace, String pod,
                                                 String container, List<String> command, boolean attach,
                                                 int columns, int rows, ConsoleSettings settings) {
        if (!attach && command.isEmpty()) {
            return DefaultShell.open(shell -> open(client, namespace, pod, container, shell, false, columns, rows,
                    settings), columns, rows);
        }
        String base = base(client);
        return podOf(client, base, namespace, pod).thenCompose(p -> {
            String c = pickContainer(p, container);
            String description = (attach ? "attached to " : "shell in ") + "container " + c + " of pod "
                    + namespace + "/" + pod;
            PodExecConsole console = new PodExecConsole(client, description, attach, settings);
            URI uri = URI.create(base + "api/v1/namespaces/" + namespace + "/pods/" + pod + "/"
                    + (attach ? "attach" : "exec") + query(c, attach ? List.of() : command));
            return console.connect(uri, V5).handle((ok, t) -> {
                int status = t == null ? 0 : Handshakes.status(t);
                if (status == 400 || status == 403) {
                    // older API servers refuse v5 in the handshake: ask again in v4
                    return console.connect(uri, V4);
                }
                return t == null ? CompletableFuture.completedFuture(ok) : CompletableFuture.<PodExecConsole>failedFuture(t);
            }).thenCompose(f -> f).handle((ok, t) -> {
                if (t != null) {
                    throw new CompletionException(Handshakes.failure(t, "a " + (attach ? "console attached to " : "shell in ")
                            + "container " + c + " of pod " + namespace + "/" + pod,
                            "'create' on pods/" + (attach ? "attach" : "exec") + " in namespace " + namespace));
                }
                ok.resize(columns, rows);
                return (ConsoleStream) ok;
            });
        });
    }

    private CompletableFuture<PodExecConsole> connect(URI uri, String subprotocol) {
        return client.getHttpClient().newWebSocketBuilder()
                .subprotocol(subprotocol)
                .uri(uri)
                .buildAsync(this)
                .thenApply(ws -> {
                    // an API server that accepted without naming a protocol speaks v4 framing
                    v5 = V5.equals(subprotocol()) ;
                    return this;
                });
    }

    /** Which protocol the server agreed to (for tests and the status line). */
    String protocol() {
        return v5 ? V5 : V4;
    }

    static String base(KubernetesClient client) {
        String master = client.getMasterUrl().toString();
        return master.endsWith("/") ? master : master + "/";
    }

    static String query(String container, List<String> command) {
        StringBuilder q = new StringBuilder("?container=").append(enc(container));
        for (String c : command) {
            q.append("&command=").append(enc(c));
        }
        return q.append("&stdin=true&stdout=true&stderr=true&tty=true").toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CompletableFuture<Pod> podOf(KubernetesClient client, String base, String namespace, String pod) {
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(base + "api/v1/namespaces/" + namespace + "/pods/" + pod).build();
        return http.sendAsync(request, String.class).handle((response, t) -> {
            if (t != null) {
                throw new CompletionException(new WharfException("Could not open a shell in pod " + namespace + "/" + pod
                        + ": the API server did not answer (" + Handshakes.rootMessage(t) + "). Check the connection, then retry.", t));
            }
            if (response.code() == 404) {
                throw new CompletionException(new WharfException("Pod " + namespace + "/" + pod
                        + " no longer exists; it may have been deleted or replaced."));
            }
            if (response.code() == 403) {
                throw new CompletionException(new WharfException("Not allowed to read pod " + namespace + "/" + pod
                        + " (403). Ask a cluster admin for 'get' on pods in namespace " + namespace + "."));
            }
            if (!response.isSuccessful()) {
                throw new CompletionException(new WharfException("Could not read pod " + namespace + "/" + pod
                        + ": the API server answered " + response.code() + ". Retry later."));
            }
            Pod p = client.getKubernetesSerialization().unmarshal(response.body(), Pod.class);
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (phase != null && !"Running".equals(phase)) {
                throw new CompletionException(new WharfException("Pod " + namespace + "/" + pod + " is " + phase
                        + ": a shell needs a running container. Wait until it runs, then retry."));
            }
            return p;
        });
    }

    static String pickContainer(Pod pod, String wanted) {
        List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (wanted != null && !wanted.isBlank()) {
            if (containers.stream().noneMatch(c -> wanted.equals(c.getName()))) {
                throw new WharfException("Pod " + name + " has no container " + wanted + "; it has "
                        + containers.stream().map(Container::getName).toList() + ".");
            }
            return wanted;
        }
        if (containers.isEmpty()) {
            throw new WharfException("Pod " + name + " has no containers to open a shell in.");
        }
        String preferred = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get("kubectl.kubernetes.io/default-container");
        if (preferred != null && containers.stream().anyMatch(c -> preferred.equals(c.getName()))) {
            return preferred;
        }
        return containers.get(0).getName();
    }

    @Override
    public void write(byte[] data) throws IOException {
        send(ChannelFrames.stdin(data));
    }

    @Override
    public void resize(int columns, int rows) {
        if (columns <= 0 || rows <= 0 || isEnded()) {
            return;
        }
        try {
            send(ChannelFrames.resize(columns, rows));
        } catch (IOException e) {
            // closed meanwhile: the end is reported through the listener
        }
    }

    @Override
    protected void beforeClose() throws IOException {
        if (v5) {
            send(ChannelFrames.closeStdin());
        }
    }

    @Override
    protected byte[] keepaliveMessage() {
        return ChannelFrames.stdin(new byte[0]);
    }

    @Override
    protected void received(byte[] message) {
        if (message.length == 0) {
            return;
        }
        int channel = message[0] & 0xff;
        if (channel == ChannelFrames.STDOUT || channel == ChannelFrames.STDERR) {
            deliver(Arrays.copyOfRange(message, 1, message.length));
        } else if (channel == ChannelFrames.ERROR) {
            String json = new String(message, 1, message.length - 1, StandardCharsets.UTF_8);
            ConsoleEnd end;
            try {
                end = ChannelFrames.endOf(client.getKubernetesSerialization().unmarshal(json, Status.class), what);
            } catch (RuntimeException e) {
                end = ConsoleEnd.of(ConsoleEnd.Reason.ERROR, what + " ended with an unreadable status: " + json);
            }
            end(end);
        }
    }

    @Override
    protected void remoteClosed(int code, String reason, Throwable error) {
        if (error != null || code == 1006) {
            end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "Lost the connection to the " + description()
                    + (error == null ? "" : " (" + Handshakes.rootMessage(error) + ")") + "."));
        } else {
            end(new ConsoleEnd(ConsoleEnd.Reason.EXITED, what + " ended (the server closed the stream, code " + code + ").", null));
        }
    }
}
