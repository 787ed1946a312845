package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Exact API calls (method, path, content type, body) through the client's own HTTP client, for
 * the calls whose body or answer fabric8's DSL hides: KubeVirt subresources, evictions (a 429 and
 * its message), patches written the way kubectl writes them.
 */
final class ApiCalls {
    static final String JSON = "application/json";
    /** A JSON merge patch (RFC 7386): for the maps and scalars Wharf patches it does what kubectl's strategic merge does, and every server takes it. */
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final KubernetesClient client;

    ApiCalls(KubernetesClient client) {
        this.client = client;
    }

    /**
     * {@code path} starts with "/", e.g. {@code /api/v1/nodes/n1}; a GET has no body (null). Completes with
     * any answer, exceptionally without one.
     */
    CompletableFuture<HttpResponse<String>> send(String method, String path, String contentType, String body) {
        String base = String.valueOf(client.getMasterUrl());
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HttpClient http = client.getHttpClient();
        HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path);
        HttpRequest request = body == null && "GET".equals(method) ? b.build() : b.method(method, contentType, body).build();
        return http.sendAsync(request, String.class);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
