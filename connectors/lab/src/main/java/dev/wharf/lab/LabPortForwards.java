package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's port-forward endpoints, answered by real local servers ({@link LabTcpServers}):
 * <ul>
 *   <li>{@code /api/v1/namespaces/{ns}/pods/{p}/portforward?ports=P}, {@code v4.channel.k8s.io}: a
 *   declared container port that looks like a web port gets a small HTTP page naming the pod, any
 *   other declared port the echo server; an undeclared port gets the kubelet's "connection refused"
 *   on the error channel, as a real pod with nothing listening would.</li>
 *   <li>{@code /apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachineinstances/{n}/portforward/{port}[/tcp]},
 *   {@code plain.kubevirt.io}, raw bytes: web ports get the page, others the echo; 409 while paused.</li>
 * </ul>
 * Each websocket is one TCP connection to the local server. Nothing blocks the server's event loop.
 */
final class LabPortForwards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabPortForwards.class);

    private final LabTcpServers servers = new LabTcpServers();
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wharf-lab-port-forward");
        t.setDaemon(true);
        return t;
    });

    /** The answer when {@code seg} is a port-forward request; empty otherwise. */
    Optional<MockResponse> answer(ClusterStore store, List<String> seg, Map<String, List<String>> query,
                                  boolean websocket) {
        boolean pod = seg.size() == 7 && seg.get(0).equals("api") && seg.get(2).equals("namespaces")
                && seg.get(4).equals("pods") && seg.get(6).equals("portforward");
        boolean vmi = (seg.size() == 9 || seg.size() == 10) && seg.get(1).equals("subresources.kubevirt.io")
                && seg.get(5).equals("virtualmachineinstances") && seg.get(7).equals("portforward");
        if (!pod && !vmi) {
            return Optional.empty();
        }
        if (!websocket) {
            return Optional.of(Responses.badRequest("port-forward is a websocket (subprotocol "
                    + (pod ? "v4.channel.k8s.io" : "plain.kubevirt.io") + ")"));
        }
        return Optional.of(pod ? pod(store, seg.get(3), seg.get(5), query) : vmi(store, seg.get(4), seg.get(6),
                seg.get(8), seg.size() == 10 ? seg.get(9) : "tcp"));
    }

    private MockResponse pod(ClusterStore store, String ns, String name, Map<String, List<String>> query) {
        List<String> ports = query.getOrDefault("ports", List.of());
        if (ports.size() != 1 || ports.get(0).contains(",")) {
            return Responses.badRequest("the lab forwards one port per stream: give ?ports=P once");
        }
        int port;
        try {
            port = Integer.parseInt(ports.get(0));
        } catch (NumberFormatException e) {
            return Responses.badRequest("invalid port \"" + ports.get(0) + "\"");
        }
        Optional<GenericKubernetesResource> found = store.get(store.type("v1", "Pod"), ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("pods", "", name);
        }
        GenericKubernetesResource p = found.get();
        if (!"Running".equals(ClusterStore.str(p, "status", "phase"))) {
            return Responses.badRequest("pod " + name + " is not running");
        }
        String target = "pod " + ns + "/" + name;
        Optional<String> portName = declared(p, port);
        Answer a = portName.isEmpty() ? Answer.refused("error forwarding port " + port + " to pod "
                + p.getMetadata().getUid() + ", uid : failed to execute portforward in network namespace: "
                + "failed to connect to localhost:" + port + " inside namespace: dial tcp 127.0.0.1:" + port
                + ": connect: connection refused")
                : Answer.to(target, port, looksLikeWeb(port, portName.get()));
        return new MockResponse().withWebSocketUpgrade(new Session(a, port, true));
    }

    private MockResponse vmi(ClusterStore store, String ns, String name, String portText, String protocol) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            return Responses.badRequest("invalid port \"" + portText + "\"");
        }
        if (!protocol.equals("tcp")) {
            return Responses.badRequest("the lab forwards TCP only, not " + protocol);
        }
        Optional<GenericKubernetesResource> found = store.get(store.type("kubevirt.io/v1", "VirtualMachineInstance"),
                ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("virtualmachineinstances", "kubevirt.io", name);
        }
        GenericKubernetesResource vmi = found.get();
        if ("True".equals(ServerTables.condition(vmi, "Paused"))) {
            return Responses.conflict("virtualmachineinstance", "kubevirt.io", name, "VMI is paused");
        }
        if (!"Running".equals(ClusterStore.str(vmi, "status", "phase"))) {
            return Responses.badRequest("VMI is not running");
        }
        return new MockResponse().withWebSocketUpgrade(new Session(Answer.to("VM " + ns + "/" + name, port,
                looksLikeWeb(port, "")), port, false));
    }

    /** The declared port's name ("" if unnamed); empty if no container declares it. */
    @SuppressWarnings("unchecked")
    private static Optional<String> declared(GenericKubernetesResource pod, int port) {
        Object containers = pod.get("spec", "containers");
        if (containers instanceof List<?> cs) {
            for (Object c : cs) {
                if (c instanceof Map<?, ?> m && m.get("ports") instanceof List<?> ps) {
                    for (Object o : ps) {
                        if (o instanceof Map<?, ?> p && p.get("containerPort") instanceof Number n && n.intValue() == port) {
                            Object pn = ((Map<String, Object>) p).get("name");
                            return Optional.of(pn == null ? "" : pn.toString());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean looksLikeWeb(int port, String name) {
        return dev.wharf.inventory.Forward.looksLikeHttp(port, name) || port == 8443 || port == 443;
    }

    /** What a stream reaches: a local server (the page or the echo), or a refusal on the error channel. */
    private record Answer(String target, int port, boolean web, String refusal) {
        static Answer to(String target, int port, boolean web) {
            return new Answer(target, port, web, null);
        }

        static Answer refused(String why) {
            return new Answer(null, 0, false, why);
        }
    }

    /** One websocket = one TCP connection to the local server. */
    private final class Session extends WebSocketListener {
        private final Answer answer;
        private final int port;
        private final boolean channels;
        private final CompletableFuture<Socket> socket = new CompletableFuture<>();
        private CompletableFuture<Void> writes;

        Session(Answer answer, int port, boolean channels) {
            this.answer = answer;
            this.port = port;
            this.channels = channels;
            this.writes = socket.thenAccept(s -> { });
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            if (channels) {
                byte[] prefix = {(byte) (port & 0xff), (byte) (port >> 8)};
                ws.send(frame(0, prefix, prefix.length));
                ws.send(frame(1, prefix, prefix.length));
            }
            if (answer.refusal() != null) {
                byte[] why = answer.refusal().getBytes(StandardCharsets.UTF_8);
                ws.send(frame(1, why, why.length));
                ws.close(1000, "");
                return;
            }
            io.execute(() -> connect(ws));
        }

        private void connect(WebSocket ws) {
            try {
                int local = answer.web() ? servers.page(answer.target(), answer.port()) : servers.echo();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), local);
                s.setTcpNoDelay(true);
                socket.complete(s);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (n > 0) {
                        ws.send(channels ? frame(0, buf, n) : Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                LOG.debug("lab port-forward to {}: {}", answer.target(), e.toString());
                socket.completeExceptionally(e);
            }
            ws.close(1000, "");
        }

        private byte[] frame(int channel, byte[] data, int n) {
            byte[] out = new byte[n + 1];
            out[0] = (byte) channel;
            System.arraycopy(data, 0, out, 1, n);
            return out;
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.toByteArray());
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            int from = channels ? 1 : 0;
            if (bytes.length <= from || channels && bytes[0] != 0) {
                return;
            }
            byte[] data = Arrays.copyOfRange(bytes, from, bytes.length);
            synchronized (this) {
                writes = writes.thenRunAsync(() -> {
                    try {
                        socket.join().getOutputStream().write(data);
                    } catch (IOException e) {
                        LOG.debug("lab port-forward write: {}", e.toString());
                    }
                }, io);
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            end();
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            end();
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            end();
        }

        private void end() {
            CompletableFuture<Void> w;
            synchronized (this) {
                w = writes;
            }
            // what the client sent before it closed reaches the server first
            w.whenComplete((v, t) -> socket.thenAccept(s -> {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.debug("closing a lab port-forward connection", e);
                }
            }));
        }
    }

    @Override
    public void close() {
        servers.close();
        io.shutdownNow();
    }
}
