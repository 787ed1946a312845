package dev.wharf.lab;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the lab's API server: fabric8's {@link MockWebServer} contract (so that a
 * {@code KubernetesMockServer} drives it), served by our own Vert.x server because the mock's
 * own one only negotiates the {@code v1}–{@code v4.channel.k8s.io} websocket subprotocols: a
 * KubeVirt serial console needs {@code plain.kubevirt.io}, a current kubectl exec
 * {@code v5.channel.k8s.io}. Plain HTTP/1.1 on the loopback address (no h2c: the JDK client
 * and kubectl probe it and gain nothing from it).
 */
final class LabWebServer extends MockWebServer {

    /** Subprotocols the lab accepts, newest Kubernetes first (the first one the client also offers wins). */
    static final List<String> SUBPROTOCOLS = List.of(
            "v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
            "channel.k8s.io", "plain.kubevirt.io");

    private volatile Dispatcher dispatcher;
    private volatile LabPodLogs logs;
    private Vertx vertx;
    private HttpServer server;
    private volatile int port = -1;
    private volatile String host = "127.0.0.1";

    /** Pod logs are streamed, which the mock's responses cannot do: they are answered before the dispatcher. */
    void logs(LabPodLogs l) {
        this.logs = l;
    }

    @Override
    public void setDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
        super.setDispatcher(dispatcher);
    }

    @Override
    public synchronized void start(InetAddress address, int requestedPort) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        vertx = inheritedVertx();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.getHostAddress())
                .setPort(requestedPort)
                .setAlpnVersions(List.of(HttpVersion.HTTP_1_1))
                .setHttp2ClearTextEnabled(false)
                .setWebSocketSubProtocols(SUBPROTOCOLS)
                .setMaxWebSocketFrameSize(1 << 20)
                .setHandle100ContinueAutomatically(true);
        server = vertx.createHttpServer(options);
        HttpServerRequestHandler mock = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                Dispatcher d = dispatcher;
                try {
                    return d.dispatch(request);
                } catch (RuntimeException e) {
                    return Responses.status(500, "InternalError", "the lab failed to answer: " + e);
                }
            }
        };
        Vertx v = vertx;
        server.requestHandler(req -> {
            LabPodLogs l = logs;
            if (l == null || !l.serve(v, req)) {
                mock.handle(req);
            }
        });
        server = await(server.listen());
        host = address.getHostAddress();
        port = server.actualPort();
    }

    @Override
    public synchronized void shutdown() {
        if (server == null) {
            return;
        }
        Dispatcher d = dispatcher;
        if (d != null) {
            d.shutdown();
        }
        try {
            await(server.close());
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        try {
            await(vertx.close());
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        server = null;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getHostName() {
        return host;
    }

    @Override
    public Proxy toProxyAddress() {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(host, port));
    }

    @Override
    public HttpUrl url(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return HttpUrl.parse("http://" + host + ":" + port + "/" + p);
    }

    @Override
    public String toString() {
        return "LabWebServer[" + host + ":" + port + "]";
    }

    /**
     * The Vert.x instance the superclass's constructor already created (it never starts it, as
     * its {@code start} is replaced here): reused rather than leaked. One deliberate reflective
     * read of a private field; a fresh instance if that field is ever renamed.
     */
    private Vertx inheritedVertx() {
        try {
            java.lang.reflect.Field f = MockWebServer.class.getDeclaredField("vertx");
            f.setAccessible(true);
            Object v = f.get(this);
            if (v instanceof Vertx) {
                return (Vertx) v;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fall through
        }
        return Vertx.vertx();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the lab's API server did not start or stop: " + e.getMessage(), e);
        }
    }
}
