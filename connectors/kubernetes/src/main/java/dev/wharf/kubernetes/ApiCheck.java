package dev.wharf.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.HttpStatusMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves that a server is a Kubernetes API before anything is listed: {@code GET /version} must
 * answer a Kubernetes version ({@code gitVersion}) and {@code GET /api} an {@code APIVersions}
 * with {@code v1}. Anything else becomes one line saying what came back instead: a redirect and
 * where to, an HTML page and its title, {@code {}}, binary data, a 5xx with the server's own
 * message, a 404. (A server answering 404 everywhere used to show as "Connected" and empty.)
 */
final class ApiCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);

    /** What was wrong, and how to say it. */
    enum Kind { NOT_KUBERNETES, REDIRECT, REJECTED, SERVER_ERROR }

    /** A failed check: {@code what} is the middle of the sentence, e.g. "it answered /version with an HTML page". */
    record Problem(Kind kind, String what) {
        /** The one line for the user. */
        String message(String context, String server) {
            return switch (kind) {
                case NOT_KUBERNETES -> "The server of context " + context + " at " + server + " is not a Kubernetes API: "
                        + what + ". Check the server address (and path) in your kubeconfig";
                case REDIRECT -> "The server of context " + context + " at " + server + " " + what + ": Wharf follows no "
                        + "redirect (your credentials would go to another address). Put the API server's own address in "
                        + "your kubeconfig";
                case REJECTED -> "The Kubernetes API of " + context + " rejected your credentials (401 Unauthorized)"
                        + what + ". Refresh them (for example run 'kubectl get nodes' to renew the token) and retry";
                case SERVER_ERROR -> "The Kubernetes API of " + context + " at " + server + " " + what
                        + ": the cluster has a problem; try again later";
            };
        }
    }

    private ApiCheck() {
    }

    /**
     * Asks {@code /version}, then {@code /api}. Completes with null when both are Kubernetes'
     * answers, with the {@link Problem} otherwise; exceptionally when there was no answer at all
     * (refused, TLS, timeout: for {@link KubernetesErrors#unreachable}).
     */
    static CompletableFuture<Problem> run(KubernetesClient client) {
        String base = String.valueOf(client.getMasterUrl());
        String root = base.endsWith("/") ? base : base + "/";
        HttpClient http = client.getHttpClient();
        return get(http, root + "version").thenCompose(v -> {
            Problem p = problem("/version", v.code(), v.header("Content-Type"), v.header("Location"), v.body());
            if (p != null) {
                return CompletableFuture.completedFuture(p);
            }
            return get(http, root + "api").thenApply(a ->
                    problem("/api", a.code(), a.header("Content-Type"), a.header("Location"), a.body()));
        });
    }

    private static CompletableFuture<HttpResponse<byte[]>> get(HttpClient http, String url) {
        HttpRequest r = http.newHttpRequestBuilder().uri(url).header("Accept", "application/json")
                .timeout(Kubeconfigs.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).build();
        return http.sendAsync(r, byte[].class);
    }

    /** What is wrong with one answer; null when it is Kubernetes'. Pure, for tests. */
    static Problem problem(String path, int code, String contentType, String location, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        if (code >= 300 && code < 400) {
            return new Problem(Kind.REDIRECT, "redirects " + path + " to " + (location == null || location.isBlank()
                    ? "nowhere (" + code + " without a Location)" : ExecPlugin.firstLine(location)) + " (" + code + ")");
        }
        if (code == 401) {
            String m = KubernetesErrors.statusMessage(text(b));
            return new Problem(Kind.REJECTED, m.isEmpty() || m.equalsIgnoreCase("Unauthorized") ? "" : " (" + m + ")");
        }
        if (code >= 500) {
            String m = KubernetesErrors.statusMessage(text(b));
            return new Problem(Kind.SERVER_ERROR, "answered " + code + " " + HttpStatusMessage.getMessageForStatus(code)
                    + " to " + path + (m.isEmpty() ? " (" + describe(b, contentType) + ")" : ": " + m));
        }
        if (code < 200 || code >= 300) {
            String m = KubernetesErrors.statusMessage(text(b));
            return new Problem(Kind.NOT_KUBERNETES, "it answered " + code + " " + HttpStatusMessage.getMessageForStatus(code)
                    + " to " + path + (m.isEmpty() ? " with " + describe(b, contentType) : " (" + m + ")"));
        }
        String text = text(b);
        JsonNode json = null;
        if (text != null) {
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
        }
        boolean ok = json != null && json.isObject() && (path.equals("/version")
                ? json.path("gitVersion").isTextual()
                : "APIVersions".equals(json.path("kind").asText()) && json.path("versions").toString().contains("\"v1\""));
        if (ok) {
            return null;
        }
        String what = json != null && json.isContainerNode()
                ? "JSON that is not " + (path.equals("/version") ? "a Kubernetes version" : "a Kubernetes APIVersions")
                        + " (" + ExecPlugin.firstLine(abbreviate(text, 60)) + ")"
                : describe(b, contentType);
        return new Problem(Kind.NOT_KUBERNETES, "it answered " + path + " with " + what);
    }

    /** "an HTML page (title …)", "12 bytes of binary data", "an empty body", "text (…)". */
    static String describe(byte[] b, String contentType) {
        if (b.length == 0) {
            return "an empty body";
        }
        String text = text(b);
        if (text == null) {
            return b.length + " bytes of binary data" + (contentType == null ? "" : " (" + ExecPlugin.firstLine(contentType) + ")");
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String head = text.stripLeading().toLowerCase(Locale.ROOT);
        if (ct.contains("html") || head.startsWith("<!doctype html") || head.startsWith("<html")) {
            Matcher m = TITLE.matcher(text);
            String title = m.find() ? m.group(1).strip() : "";
            return "an HTML page" + (title.isEmpty() ? "" : " (\"" + ExecPlugin.firstLine(abbreviate(title, 80)) + "\")");
        }
        return "text (\"" + ExecPlugin.firstLine(abbreviate(text, 80)) + "\")";
    }

    /** The body as text if it is UTF-8 without control characters (but line ends and tabs); null for binary data. */
    private static String text(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String abbreviate(String s, int max) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }
}
