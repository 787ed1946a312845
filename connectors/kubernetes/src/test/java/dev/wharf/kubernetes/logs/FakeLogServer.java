package dev.wharf.kubernetes.logs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A small API server answering {@code GET …/pods/NAME} and {@code GET …/pods/NAME/log} with its
 * query parameters ({@code container, follow, previous, sinceSeconds, sinceTime, tailLines,
 * timestamps}) the way the real API server and kubelet do: 400 with a Status for a missing or
 * unknown container and a missing previous instance, tail before since, RFC 3339 nanosecond
 * timestamps with trailing zeros cut, a follow stream that stays open for new lines. A test
 * appends lines, swaps in a restarted instance, deletes the pod, or cuts every open stream.
 */
final class FakeLogServer implements AutoCloseable {
    record Entry(Instant time, String text) { }

    private final HttpServer server;
    private final Map<String, Pod> pods = new HashMap<>();
    private final Map<String, List<Entry>> current = new HashMap<>();
    private final Map<String, List<Entry>> previous = new HashMap<>();
    private final List<HttpExchange> following = new CopyOnWriteArrayList<>();
    /** Every log request's query, in order, for assertions. */
    final List<String> logQueries = new CopyOnWriteArrayList<>();
    private boolean paused;
    private volatile Instant now = Instant.parse("2026-12-02T10:00:00Z");

    FakeLogServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-log-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    void now(Instant t) {
        now = t;
    }

    synchronized void pod(Pod p) {
        pods.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
        notifyAll();
    }

    synchronized void deletePod(String ns, String name) {
        pods.remove(ns + "/" + name);
        cut();
    }

    synchronized void append(String ns, String pod, String container, Instant t, String text) {
        current.computeIfAbsent(ns + "/" + pod + "/" + container, k -> new ArrayList<>()).add(new Entry(t, text));
        notifyAll();
    }

    /** The container restarted: what it logged becomes the previous instance's log. */
    synchronized void restart(String ns, String pod, String container) {
        String key = ns + "/" + pod + "/" + container;
        previous.put(key, current.getOrDefault(key, new ArrayList<>()));
        current.put(key, new ArrayList<>());
        cut();
    }

    /** Open follow streams send no more lines (they end at the next {@link #cut()}). */
    synchronized void cutLater() {
        paused = true;
    }

    /** Ends every open follow stream (as a dropped connection or a kubelet closing long streams looks). */
    synchronized void cut() {
        for (HttpExchange e : following) {
            e.close();
        }
        following.clear();
        paused = false;
        notifyAll();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String[] parts = path.split("/");
        // /api/v1/namespaces/NS/pods[/NAME[/log]]
        if (parts.length == 6 && "pods".equals(parts[5])) {
            list(ex, parts[4], q.get("labelSelector"));
            return;
        }
        if (parts.length < 7 || !"pods".equals(parts[5])) {
            status(ex, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        String ns = parts[4];
        String name = parts[6];
        Pod pod;
        synchronized (this) {
            pod = pods.get(ns + "/" + name);
        }
        if (pod == null) {
            status(ex, 404, "NotFound", "pods \"" + name + "\" not found");
            return;
        }
        if (parts.length == 7) {
            byte[] body = Serialization.asJson(pod).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        logQueries.add(ex.getRequestURI().getRawQuery());
        log(ex, pod, q);
    }

    private void list(HttpExchange ex, String ns, String selector) throws IOException {
        List<Pod> items;
        synchronized (this) {
            items = pods.values().stream().filter(p -> ns.equals(p.getMetadata().getNamespace()))
                    .filter(p -> selector == null || p.getMetadata().getLabels() != null && p.getMetadata().getLabels()
                            .entrySet().stream().anyMatch(e -> (e.getKey() + "=" + e.getValue()).equals(selector)))
                    .toList();
        }
        byte[] body = Serialization.asJson(new io.fabric8.kubernetes.api.model.PodListBuilder().withNewMetadata()
                .withResourceVersion("1").endMetadata().withItems(items).build()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void log(HttpExchange ex, Pod pod, Map<String, String> q) throws IOException {
        String name = pod.getMetadata().getName();
        List<String> names = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
        }
        String container = q.get("container");
        if (container == null) {
            if (pod.getSpec().getContainers().size() != 1) {
                status(ex, 400, "BadRequest", "a container name must be specified for pod " + name + ", choose one of: ["
                        + pod.getSpec().getContainers().stream().map(Container::getName).collect(Collectors.joining(" ")) + "]");
                return;
            }
            container = pod.getSpec().getContainers().get(0).getName();
        }
        if (!names.contains(container)) {
            status(ex, 400, "BadRequest", "container " + container + " is not valid for pod " + name);
            return;
        }
        String key = pod.getMetadata().getNamespace() + "/" + name + "/" + container;
        boolean prev = "true".equals(q.get("previous"));
        boolean follow = "true".equals(q.get("follow")) && !prev;
        boolean stamps = "true".equals(q.get("timestamps"));
        Instant since = q.containsKey("sinceSeconds") ? now.minusSeconds(Long.parseLong(q.get("sinceSeconds")))
                : q.containsKey("sinceTime") ? OffsetDateTime.parse(q.get("sinceTime")).toInstant() : null;
        Integer tail = q.containsKey("tailLines") ? Integer.valueOf(q.get("tailLines")) : null;
        List<Entry> lines;
        synchronized (this) {
            if (prev && !previous.containsKey(key)) {
                status(ex, 400, "BadRequest", "previous terminated container \"" + container + "\" in pod \"" + name
                        + "\" not found");
                return;
            }
            lines = prev ? previous.get(key) : current.computeIfAbsent(key, k -> new ArrayList<>());
        }
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int from;
        List<Entry> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(lines);
            if (follow) {
                following.add(ex);
            }
        }
        from = tail == null ? 0 : Math.max(0, snapshot.size() - tail);
        int sent = from;
        try {
            for (int i = from; i < snapshot.size(); i++) {
                write(out, snapshot.get(i), since, stamps);
            }
            sent = snapshot.size();
            out.flush();
            while (follow) {
                Entry next;
                synchronized (this) {
                    while (following.contains(ex) && (paused || lines.size() <= sent) && current.get(key) == lines) {
                        wait(1000);
                    }
                    if (!following.contains(ex) || current.get(key) != lines) {
                        break;
                    }
                    next = lines.get(sent);
                }
                write(out, next, since, stamps);
                out.flush();
                sent++;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            following.remove(ex);
            ex.close();
        }
    }

    private static void write(OutputStream out, Entry e, Instant since, boolean stamps) throws IOException {
        if (since != null && e.time().isBefore(since)) {
            return;
        }
        String line = (stamps ? rfc3339Nano(e.time()) + " " : "") + e.text() + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Go's RFC3339Nano: nanoseconds with trailing zeros cut, "Z". */
    static String rfc3339Nano(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(t.atOffset(ZoneOffset.UTC));
        int nanos = t.getNano();
        if (nanos != 0) {
            String f = String.format("%09d", nanos).replaceAll("0+$", "");
            s += "." + f;
        }
        return s + "Z";
    }

    private static void status(HttpExchange ex, int code, String reason, String message) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        byte[] body = Serialization.asJson(s).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    @Override
    public void close() {
        cut();
        server.stop(0);
    }
}
