package dev.wharf.app.badinput;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP(S) server that plays a Kubernetes API, or something that is not one, and
 * records every request it receives (scheme, method, path, Authorization header) so that tests
 * can assert where credentials went.
 */
final class KubernetesTestServer implements AutoCloseable {
    /** One request as received. */
    record Received(String scheme, String method, String uri, String authorization) {
        boolean carriesCredentials() {
            return authorization != null && !authorization.isBlank();
        }
    }

    /** One answer: status, headers (name, value pairs), body; {@code hold}: never answer. */
    record Answer(int status, String contentType, String location, byte[] body, boolean hold, Streamed streamed) {
        static Answer json(int status, String json) {
            return new Answer(status, "application/json", null, json.getBytes(StandardCharsets.UTF_8), false, null);
        }

        static Answer of(int status, String contentType, byte[] body) {
            return new Answer(status, contentType, null, body, false, null);
        }

        static Answer redirect(String location) {
            return new Answer(302, "text/plain", location, new byte[0], false, null);
        }

        static Answer silence() {
            return new Answer(0, null, null, null, true, null);
        }

        static Answer streamed(Streamed s) {
            return new Answer(200, "application/json", null, null, false, s);
        }
    }

    /** Writes a body bit by bit (a slow but steady transfer). */
    @FunctionalInterface
    interface Streamed {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /** Answers a request: method and URI (path and query) in, answer out. */
    @FunctionalInterface
    interface Script {
        Answer answer(String method, String uri);
    }

    static final String VERSION = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\",\"platform\":\"linux/amd64\"}";
    static final String API = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
    static final String NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-a\","
            + "\"creationTimestamp\":\"2026-11-01T09:00:00Z\"},\"status\":{\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"True\"}]}}";

    /** A tiny Kubernetes API: discovery, one node, no pods, no KubeVirt; watches are held open. */
    static Script kubernetes() {
        return kubernetes(uri -> null);
    }

    /** As {@link #kubernetes()}, with some paths answered otherwise ({@code override} null: the default). */
    static Script kubernetes(java.util.function.Function<String, Answer> override) {
        return (method, uri) -> {
            Answer o = override.apply(uri);
            if (o != null) {
                return o;
            }
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            if (uri.contains("watch=true")) {
                return Answer.silence();
            }
            return switch (path) {
                case "/version" -> Answer.json(200, VERSION);
                case "/api" -> Answer.json(200, API);
                case "/api/v1/nodes" -> Answer.json(200, list("NodeList", NODE));
                case "/api/v1/pods" -> Answer.json(200, list("PodList", ""));
                case "/apis/node.k8s.io/v1/runtimeclasses" -> Answer.json(200, list("RuntimeClassList", ""));
                default -> Answer.json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}");
            };
        };
    }

    static String list(String kind, String items) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + items + "]}";
    }

    static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\","
                + "\"creationTimestamp\":\"2026-11-01T09:00:00Z\"},\"spec\":{\"nodeName\":\"node-a\",\"containers\":"
                + "[{\"name\":\"app\",\"image\":\"nginx\"}]},\"status\":{\"phase\":\"Running\"}}";
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubernetes-test-server");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final String scheme;

    private KubernetesTestServer(HttpServer server, String scheme, Script script) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", exchange -> handle(exchange, script));
        server.setExecutor(pool);
        server.start();
    }

    static KubernetesTestServer http(Script script) throws IOException {
        return new KubernetesTestServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50),
                "http", script);
    }

    /** HTTPS with a self-signed certificate for 127.0.0.1 (kubeconfigs use insecure-skip-tls-verify). */
    static KubernetesTestServer https(Script script, Path keystore) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(tls(keystore)));
        return new KubernetesTestServer(s, "https", script);
    }

    /** A PKCS12 key store with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    static Path keystore(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        if (Files.exists(ks)) {
            return ks;
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "3", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return ks;
    }

    private static SSLContext tls(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, Script script) throws IOException {
        String uri = exchange.getRequestURI().toString();
        received.add(new Received(scheme, exchange.getRequestMethod(), uri,
                exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getRequestBody().readAllBytes();
        Answer a = script.answer(exchange.getRequestMethod(), uri);
        try {
            if (a.hold()) {
                stopping.await();
                return;
            }
            if (a.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", a.contentType());
            }
            if (a.location() != null) {
                exchange.getResponseHeaders().add("Location", a.location());
            }
            if (a.streamed() != null) {
                exchange.sendResponseHeaders(a.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    a.streamed().write(out);
                }
                return;
            }
            byte[] body = a.body();
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            exchange.close();
        }
    }

    /** The requests that carried credentials. */
    List<Received> withCredentials() {
        return received.stream().filter(Received::carriesCredentials).toList();
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    /** A TCP server that is not HTTP: it writes {@code banner} and keeps the connection open. */
    static final class Raw implements AutoCloseable {
        private final ServerSocket socket;
        final List<byte[]> firstBytes = new CopyOnWriteArrayList<>();

        Raw(String banner) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        s.setSoTimeout(2000);
                        s.getOutputStream().write(banner.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        byte[] b = new byte[4096];
                        try {
                            int n = s.getInputStream().read(b);
                            if (n > 0) {
                                firstBytes.add(java.util.Arrays.copyOf(b, n));
                            }
                        } catch (IOException e) {
                            // nothing sent
                        }
                        s.close();
                    } catch (IOException e) {
                        // next
                    }
                }
            }, "raw-test-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
