package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log} for the lab, answered as the API server and
 * kubelet do, and streamed (the mock's responses cannot stream): {@code container} (required
 * when the pod has several), {@code previous}, {@code sinceSeconds} / {@code sinceTime},
 * {@code tailLines} (applied before since, like the kubelet), {@code timestamps} (RFC 3339 with
 * nanoseconds), {@code follow} (new lines as the script writes them, until the instance ends or
 * the client leaves). The lines come from {@link LabLogScripts}.
 */
final class LabPodLogs {
    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log/?");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final long FOLLOW_TICK_MS = 50;

    private final BiFunction<String, String, Pod> pods;
    private final Clock clock;

    /** @param pods the pod by namespace and name from the lab's store, null when none */
    LabPodLogs(BiFunction<String, String, Pod> pods, Clock clock) {
        this.pods = pods;
        this.clock = clock;
    }

    /** Answers the request when it asks for a pod's log; false otherwise (the dispatcher answers it). */
    boolean serve(Vertx vertx, HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            return false;
        }
        Matcher m = PATH.matcher(req.path());
        if (!m.matches()) {
            return false;
        }
        String ns = m.group(1);
        String name = m.group(2);
        Pod pod = pods.apply(ns, name);
        if (pod == null) {
            status(req, 404, "NotFound", "pods \"" + name + "\" not found");
            return true;
        }
        String container = req.getParam("container");
        List<String> names = names(pod);
        if (container == null || container.isEmpty()) {
            if (pod.getSpec().getContainers().size() != 1) {
                status(req, 400, "BadRequest", "a container name must be specified for pod " + name + ", choose one of: ["
                        + String.join(" ", pod.getSpec().getContainers().stream().map(Container::getName).toList()) + "]");
                return true;
            }
            container = pod.getSpec().getContainers().get(0).getName();
        }
        if (!names.contains(container)) {
            status(req, 400, "BadRequest", "container " + container + " is not valid for pod " + name);
            return true;
        }
        boolean previous = "true".equals(req.getParam("previous"));
        Instant now = clock.instant();
        String waiting = waitingReason(pod, container);
        LabLogScripts.Script script = waiting != null && !previous ? null : LabLogScripts.of(pod, container, previous, now);
        if (script == null) {
            status(req, 400, "BadRequest", previous
                    ? "previous terminated container \"" + container + "\" in pod \"" + name + "\" not found"
                    : "container \"" + container + "\" in pod \"" + name + "\" is waiting to start: "
                            + (waiting == null ? "ContainerCreating" : waiting));
            return true;
        }
        Instant since;
        try {
            since = req.getParam("sinceSeconds") != null ? now.minusSeconds(Long.parseLong(req.getParam("sinceSeconds")))
                    : req.getParam("sinceTime") != null ? OffsetDateTime.parse(req.getParam("sinceTime")).toInstant() : null;
        } catch (NumberFormatException | DateTimeParseException e) {
            status(req, 400, "BadRequest", "invalid since: " + e.getMessage());
            return true;
        }
        Integer tail = null;
        if (req.getParam("tailLines") != null) {
            try {
                tail = Integer.valueOf(req.getParam("tailLines"));
            } catch (NumberFormatException e) {
                status(req, 400, "BadRequest", "invalid tailLines: " + req.getParam("tailLines"));
                return true;
            }
        }
        boolean stamps = "true".equals(req.getParam("timestamps"));
        boolean follow = "true".equals(req.getParam("follow"));
        HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "text/plain");
        long last = script.lastAt(now);
        List<String> lines = new ArrayList<>();
        for (long i = script.firstKept(now); i <= last; i++) {
            Instant t = script.timeOf(i);
            for (String text : script.entry().apply(i)) {
                lines.add(t.isBefore(since == null ? Instant.MIN : since) ? null : format(t, text, stamps));
            }
        }
        List<String> shown = tail == null ? lines : lines.subList(Math.max(0, lines.size() - Math.max(0, tail)), lines.size());
        StringBuilder body = new StringBuilder();
        for (String l : shown) {
            if (l != null) {
                body.append(l);
                if (body.length() > 256 * 1024) {
                    resp.write(body.toString());
                    body.setLength(0);
                }
            }
        }
        resp.write(body.toString());
        if (!follow || previous || script.finished(now)) {
            resp.end();
            return true;
        }
        long[] next = {last + 1};
        long timer = vertx.setPeriodic(FOLLOW_TICK_MS, id -> {
            Instant t = clock.instant();
            long upTo = script.lastAt(t);
            StringBuilder more = new StringBuilder();
            for (; next[0] <= upTo; next[0]++) {
                Instant when = script.timeOf(next[0]);
                for (String text : script.entry().apply(next[0])) {
                    more.append(format(when, text, stamps));
                }
            }
            if (more.length() > 0) {
                resp.write(more.toString());
            }
            if (script.finished(t) || pods.apply(ns, name) == null) {
                vertx.cancelTimer(id);
                resp.end();
            }
        });
        resp.closeHandler(v -> vertx.cancelTimer(timer));
        resp.exceptionHandler(e -> vertx.cancelTimer(timer));
        return true;
    }

    private static List<String> names(Pod pod) {
        List<String> out = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> out.add(c.getName()));
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> out.add(c.getName()));
        }
        if (pod.getSpec().getEphemeralContainers() != null) {
            pod.getSpec().getEphemeralContainers().forEach(c -> out.add(c.getName()));
        }
        return out;
    }

    /** The reason a container has not started at all (ContainerCreating, ImagePullBackOff); null once it ran. */
    private static String waitingReason(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return "Pending".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase()) ? "ContainerCreating" : null;
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (container.equals(s.getName()) && s.getState() != null && s.getState().getWaiting() != null
                    && (s.getLastState() == null || s.getLastState().getTerminated() == null)) {
                String r = s.getState().getWaiting().getReason();
                return r == null ? "ContainerCreating" : r;
            }
        }
        return null;
    }

    private static String format(Instant t, String text, boolean stamps) {
        return stamps ? rfc3339Nano(t) + " " + text + "\n" : text + "\n";
    }

    /** Go's RFC3339Nano, as the kubelet writes it: nanoseconds with trailing zeros cut. */
    static String rfc3339Nano(Instant t) {
        String s = SECONDS.format(t.atOffset(ZoneOffset.UTC));
        int nanos = t.getNano();
        if (nanos != 0) {
            String f = String.format("%09d", nanos);
            int end = f.length();
            while (end > 0 && f.charAt(end - 1) == '0') {
                end--;
            }
            s += "." + f.substring(0, end);
        }
        return s + "Z";
    }

    private static void status(HttpServerRequest req, int code, String reason, String message) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", Map.of());
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        req.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Serialization.asJson(s)));
    }
}
