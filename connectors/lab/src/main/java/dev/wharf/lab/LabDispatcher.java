package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes the lab API's requests. In front of fabric8's {@link KubernetesCrudDispatcher} (which
 * stores and watches objects) it answers what the CRUD mock does not: discovery
 * ({@code /version}, {@code /api}, {@code /apis}, resource lists) so that kubectl works,
 * server-side Tables for {@code kubectl get}, 404 for resource types the lab does not serve
 * (the CRUD mock would answer an empty List), KubeVirt's subresources and consoles, and pod
 * exec. Runs on the server's event loop: nothing here blocks.
 */
final class LabDispatcher extends Dispatcher {

    private final KubernetesCrudDispatcher crud;
    private final ApiResources api;
    private final KubeVirtSimulator kubevirt;
    private final ClusterStore store;
    private final Clock clock;
    private final LabMetrics metrics;
    private volatile String serverAddress = "127.0.0.1:0";
    private final java.util.concurrent.ExecutorService closer = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wharf-lab-watch-close");
        t.setDaemon(true);
        return t;
    });

    private final LabPortForwards portForwards = new LabPortForwards();

    @Override
    public void shutdown() {
        closer.shutdown();
        portForwards.close();
    }

    LabDispatcher(KubernetesCrudDispatcher crud, ClusterStore store, ApiResources api, KubeVirtSimulator kubevirt,
                  Clock clock) {
        this.crud = crud;
        this.store = store;
        this.api = api;
        this.kubevirt = kubevirt;
        this.clock = clock;
        this.metrics = new LabMetrics(store, clock);
    }

    void serverAddress(String hostPort) {
        this.serverAddress = hostPort;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, List<String>> query = query(q < 0 ? "" : full.substring(q + 1));
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        List<String> seg = segments(path);

        // discovery and health
        if ("GET".equals(method)) {
            Optional<MockResponse> d = discovery(path, seg);
            if (d.isPresent()) {
                return d.get();
            }
        }
        if ("GET".equals(method) && LabMetrics.serves(seg)) {
            return metrics.get(seg); // metrics-server's API
        }
        Optional<MockResponse> forward = portForwards.answer(store, seg, query, isWebSocket(request));
        if (forward.isPresent()) {
            return forward.get();
        }
        // KubeVirt subresources
        if (seg.size() >= 8 && seg.get(0).equals("apis") && seg.get(1).equals("subresources.kubevirt.io")
                && seg.get(3).equals("namespaces")) {
            return subresource(method, seg.get(4), seg.get(5), seg.get(6), seg.get(7), request);
        }
        // pods: exec, attach, log
        if (seg.size() == 7 && seg.get(0).equals("api") && seg.get(1).equals("v1") && seg.get(2).equals("namespaces")
                && seg.get(4).equals("pods")) {
            String sub = seg.get(6);
            if (sub.equals("exec") || sub.equals("attach")) {
                return kubevirt.exec(seg.get(3), seg.get(5), query, isWebSocket(request));
            }
            if (sub.equals("log") && "GET".equals(method)) {
                return log(seg.get(3), seg.get(5));
            }
            if (sub.equals("eviction")) {
                if (!"POST".equals(method)) {
                    return Responses.status(405, "MethodNotAllowed", "use POST for pods/eviction");
                }
                return kubevirt.evict(seg.get(3), seg.get(5), request.getBody() == null ? "" : request.getUtf8Body());
            }
        }
        // deleting a running migration cancels it (KubeVirt's abort)
        if ("DELETE".equals(method) && seg.size() == 7 && seg.get(0).equals("apis") && seg.get(1).equals("kubevirt.io")
                && seg.get(3).equals("namespaces") && seg.get(5).equals("virtualmachineinstancemigrations")) {
            Optional<GenericKubernetesResource> aborting = kubevirt.deleteMigration(seg.get(4), seg.get(6));
            if (aborting.isPresent()) {
                return Responses.json(200, aborting.get());
            }
        }
        if ("POST".equals(method) && seg.size() == 6 && seg.get(1).equals("snapshot.kubevirt.io") && seg.get(3).equals("namespaces")) {
            return kubevirt.snapshot(seg.get(4), seg.get(5), request.getUtf8Body()); // the snapshot controller
        }
        // the lab's user may do everything it offers
        if ("POST".equals(method) && path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
            return accessReview(request);
        }
        // only the types discovery announces
        Optional<String> unknown = unknownType(seg);
        if (unknown.isPresent()) {
            return Responses.status(404, "NotFound", unknown.get());
        }
        Optional<MockResponse> update = "PUT".equals(method) ? Updates.put(store, seg, query, request.getUtf8Body()) : Optional.empty();
        if (update.isPresent()) {
            return update.get(); // 409 on a stale resourceVersion, dryRun=All stores nothing, status kept
        }
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        if ("PATCH".equals(method) && (contentType.contains("strategic-merge-patch") || contentType.contains("merge-patch"))) {
            return Patches.mergePatch(crud, store, path, request.getUtf8Body());
        }
        boolean fieldSelected = "GET".equals(method) && query.containsKey("fieldSelector")
                && !"true".equals(query.getOrDefault("watch", List.of("")).get(0));
        // the mock answers an empty list to a selector on fields it does not index: ask it without
        MockResponse r = fieldSelected ? crud.handleGet(withoutFieldSelector(path, query)) : crud.dispatch(request);
        if (r.getWebSocketListener() != null) { // a watch
            return r.withWebSocketUpgrade(new OffLoopWatchListener(r.getWebSocketListener(), closer));
        }
        if (fieldSelected && r.code() == 200 && r.getBody() != null) {
            r = FieldSelectors.filter(r, query.get("fieldSelector").get(0));
        }
        if ("GET".equals(method) && r.code() == 200 && r.getBody() != null) {
            r = typedList(seg, r);
        }
        if ("GET".equals(method) && r.code() == 200 && r.getWebSocketListener() == null
                && ServerTables.wantsTable(request.getHeader("Accept")) && r.getBody() != null) {
            return table(seg, r);
        }
        return r;
    }

    private Optional<MockResponse> discovery(String path, List<String> seg) {
        switch (path) {
            case "/":
                return Optional.of(Responses.json(200, new RootPathsBuilder().addToPaths("/api", "/api/v1", "/apis",
                        "/healthz", "/livez", "/readyz", "/version").build()));
            case "/version":
                Map<String, String> v = new LinkedHashMap<>();
                v.put("major", "1");
                v.put("minor", "31");
                v.put("gitVersion", "v1.31.4-wharf-lab");
                v.put("gitCommit", "a78aa47129b8539636eb86a9d00e31b2720fe06b");
                v.put("gitTreeState", "clean");
                v.put("buildDate", "2024-12-10T11:36:34Z");
                v.put("goVersion", "go1.22.9");
                v.put("compiler", "gc");
                v.put("platform", "linux/amd64");
                return Optional.of(Responses.json(200, v));
            case "/healthz":
            case "/livez":
            case "/readyz":
                return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody("ok"));
            case "/api":
                return Optional.of(Responses.json(200, api.coreVersions(serverAddress)));
            case "/apis":
                return Optional.of(Responses.json(200, api.groups()));
            default:
                break;
        }
        if (seg.size() == 2 && seg.get(0).equals("api")) {
            return Optional.of(api.resources(seg.get(1)).map(l -> Responses.json(200, l))
                    .orElseGet(() -> Responses.status(404, "NotFound", "the server could not find the requested resource")));
        }
        if (seg.size() == 3 && seg.get(0).equals("apis")) {
            String gv = seg.get(1) + "/" + seg.get(2);
            return Optional.of(api.resources(gv).map(l -> Responses.json(200, l))
                    .orElseGet(() -> Responses.status(404, "NotFound", "the server could not find the requested resource")));
        }
        if (seg.size() == 2 && seg.get(0).equals("apis")) {
            return Optional.of(api.groups().getGroups().stream().filter(g -> g.getName().equals(seg.get(1))).findFirst()
                    .map(g -> Responses.json(200, g))
                    .orElseGet(() -> Responses.status(404, "NotFound", "the server could not find the requested resource")));
        }
        if (!seg.isEmpty() && (seg.get(0).equals("openapi") || seg.get(0).equals("swagger.json"))) {
            return Optional.of(Responses.status(404, "NotFound", "the lab serves no OpenAPI schema"));
        }
        return Optional.empty();
    }

    private MockResponse subresource(String method, String ns, String resource, String name, String sub,
                                     RecordedRequest request) {
        if (resource.equals("virtualmachines")) {
            if (!"PUT".equals(method)) {
                return Responses.status(405, "MethodNotAllowed", "use PUT for virtualmachines/" + sub);
            }
            return kubevirt.vmAction(ns, name, sub, request.getBody() == null ? "" : request.getUtf8Body());
        }
        if (resource.equals("virtualmachineinstances")) {
            if (sub.equals("console")) {
                if (!isWebSocket(request)) {
                    return Responses.badRequest("the serial console is a websocket (subprotocol plain.kubevirt.io)");
                }
                return kubevirt.console(ns, name);
            }
            if (sub.equals("vnc")) {
                return isWebSocket(request) ? kubevirt.vnc(ns, name, request.getPath().contains("preserveSession=true"))
                        : Responses.badRequest("the VNC console is a websocket (subprotocol plain.kubevirt.io)");
            }
            if (!"PUT".equals(method)) {
                return Responses.status(405, "MethodNotAllowed", "use PUT for virtualmachineinstances/" + sub);
            }
            return kubevirt.vmiAction(ns, name, sub);
        }
        return Responses.status(404, "NotFound", "the server could not find the requested resource");
    }

    private static MockResponse accessReview(RecordedRequest request) {
        GenericKubernetesResource review;
        try {
            review = Serialization.unmarshal(request.getUtf8Body(), GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            return Responses.badRequest("not a SelfSubjectAccessReview: " + e.getMessage());
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("allowed", true);
        status.put("reason", "the Wharf lab's user may do everything");
        review.getAdditionalProperties().put("status", status);
        return Responses.json(201, review);
    }

    private MockResponse log(String ns, String pod) {
        MockResponse r = crud.handleGet("/api/v1/namespaces/" + ns + "/pods/" + pod);
        if (r.code() != 200) {
            return Responses.notFound("pods", "", pod);
        }
        String now = clock.instant().toString();
        String text = now + " lab: " + pod + " is a simulated pod of the Wharf lab\n"
                + now + " lab: nothing else is logged here\n";
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    }

    /** Why a resource path is not served, when its type is not one discovery announces. */
    private Optional<String> unknownType(List<String> seg) {
        Optional<ApiPath> path = ApiPath.of(seg);
        if (path.isEmpty() || path.get().rest().isEmpty()) {
            return Optional.empty();
        }
        List<String> rest = path.get().rest();
        String plural = rest.get(0);
        if (api.byPlural(path.get().group(), path.get().version(), plural).isEmpty()) {
            return Optional.of("the server could not find the requested resource");
        }
        if (rest.size() >= 3 && !rest.get(2).equals("status")) {
            return Optional.of("the server could not find the requested resource");
        }
        return Optional.empty();
    }

    private MockResponse table(List<String> seg, MockResponse r) {
        String plural = pluralOf(seg);
        String text = r.getBody().readUtf8();
        try {
            GenericKubernetesResource body = Serialization.unmarshal(text, GenericKubernetesResource.class);
            return Responses.json(200, ServerTables.table(plural, body, clock.instant()));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LabDispatcher.class).warn("lab: no table for {}: {}", plural, e.toString());
            return Responses.json(200, text); // the plain answer: kubectl prints it as it can
        }
    }

    private static String pluralOf(List<String> seg) {
        List<String> rest = seg.get(0).equals("api") ? seg.subList(Math.min(2, seg.size()), seg.size())
                : seg.subList(Math.min(3, seg.size()), seg.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        return rest.isEmpty() ? "" : rest.get(0);
    }

    /**
     * The mock answers every collection as {@code {"apiVersion":"v1","kind":"List"}}; the API
     * server says {@code PodList} in the type's group version, and typed clients (client-go in
     * {@code kubectl drain}) decode nothing from a plain List.
     */
    private MockResponse typedList(List<String> seg, MockResponse r) {
        Optional<ApiResources.Type> type = collectionType(seg);
        if (type.isEmpty()) {
            return r;
        }
        String text = r.getBody().readUtf8();
        String head = "{\"apiVersion\":\"v1\",\"kind\":\"List\"";
        if (text.startsWith(head)) {
            text = "{\"apiVersion\":\"" + type.get().groupVersion() + "\",\"kind\":\"" + type.get().kind() + "List\""
                    + text.substring(head.length());
        }
        return Responses.json(r.code(), text);
    }

    /** The type whose collection this path is ({@code /api/v1/pods}, {@code /apis/apps/v1/namespaces/x/deployments}). */
    private Optional<ApiResources.Type> collectionType(List<String> seg) {
        return ApiPath.of(seg).filter(p -> p.rest().size() == 1)
                .flatMap(p -> api.byPlural(p.group(), p.version(), p.rest().get(0)));
    }

    /**
     * A resource path split up: {@code /api/v1/...} (core group) or {@code /apis/GROUP/VERSION/...};
     * {@code rest} starts at the resource's plural ({@code namespaces/NS/} left out).
     */
    private record ApiPath(String group, String version, List<String> rest) {
        static Optional<ApiPath> of(List<String> seg) {
            ApiPath p;
            if (seg.size() >= 3 && seg.get(0).equals("api")) {
                p = new ApiPath("", seg.get(1), seg.subList(2, seg.size()));
            } else if (seg.size() >= 4 && seg.get(0).equals("apis")) {
                p = new ApiPath(seg.get(1), seg.get(2), seg.subList(3, seg.size()));
            } else {
                return Optional.empty();
            }
            List<String> rest = p.rest();
            return Optional.of(rest.size() >= 3 && rest.get(0).equals("namespaces")
                    ? new ApiPath(p.group(), p.version(), rest.subList(2, rest.size())) : p);
        }
    }

    private static String withoutFieldSelector(String path, Map<String, List<String>> query) {
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().equals("fieldSelector")) {
                continue;
            }
            for (String v : e.getValue()) {
                sb.append(sep).append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }

    private static boolean isWebSocket(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static Map<String, List<String>> query(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q.isEmpty()) {
            return out;
        }
        Arrays.stream(q.split("&")).forEach(p -> {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        });
        return out;
    }
}
