package dev.wharf.kubernetes.logs;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One container's log from {@code GET /api/v1/namespaces/NS/pods/NAME/log}, always read with
 * {@code timestamps=true}. Following, it survives what ends a stream:
 * <ul>
 *   <li>a drop (network, API server restart, the kubelet closing a long stream) while the same
 *       container instance runs: reconnect with backoff from the last timestamp shown
 *       ({@code sinceTime}, whole seconds), skipping what was shown: older lines, and as many
 *       lines of the last timestamp as were shown with it;</li>
 *   <li>a restart: the old instance's last lines (from {@code previous=true}), a
 *       {@link LogLine.Kind#RESTART} marker (restart count, exit code, reason), then the new
 *       instance from its start; a {@link LogLine.Kind#GAP} marker where lines cannot be had
 *       (several restarts in between, the previous log gone);</li>
 *   <li>the pod deleted, or the container done for good: an {@link LogLine.Kind#END} marker.</li>
 * </ul>
 */
final class PodLogFeed implements LogFeed {
    /** Reads the pod now (not from a cache); null when it no longer exists; throws when the server cannot be asked. */
    interface PodLookup extends Supplier<Pod> {
    }

    private final HttpClient http;
    private final String podUrl;
    private final String pod;
    private final String container;
    private final LogRequest request;
    private final String origin;
    private final PodLookup lookup;
    private final long maxBackoffMillis;
    private final String refusalHint;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile InputStream open;
    private volatile Thread reader;
    private Listener listener;

    // what was shown: the last timestamp and how many lines carried it
    private Instant lastTime;
    private int sameCount;
    // while resuming: skip what is not after the last line shown
    private Instant skipUpTo;
    private int skipSame;

    PodLogFeed(HttpClient http, String masterUrl, String namespace, String pod, String container,
               LogRequest request, String origin, PodLookup lookup, long maxBackoffMillis, String refusalHint) {
        this.http = http;
        this.podUrl = (masterUrl.endsWith("/") ? masterUrl : masterUrl + "/") + "api/v1/namespaces/"
                + enc(namespace) + "/pods/" + enc(pod);
        this.pod = pod;
        this.container = container;
        this.request = request;
        this.origin = origin;
        this.lookup = lookup;
        this.maxBackoffMillis = maxBackoffMillis;
        this.refusalHint = refusalHint;
    }

    @Override
    public String description() {
        return (request.previous() ? "previous log of " : "log of ") + origin;
    }

    @Override
    public void start(Listener l) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("started twice");
        }
        listener = l;
        Thread t = new Thread(this::run, "wharf-log-" + pod + "-" + container);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(open);
            Thread t = reader;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private void run() {
        WharfException error = null;
        try {
            follow();
        } catch (WharfException e) {
            error = closed.get() ? null : e;
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            error = closed.get() ? null : new WharfException("reading the log of " + origin + " failed: "
                    + WharfException.userMessage(e), e);
        }
        listener.onEnd(error);
    }

    private void follow() throws InterruptedException {
        Instance current = request.follow() && !request.previous() ? Instance.of(status(lookupOrNull())) : null;
        int status = read(url(true, null), true);
        if (status != 200) {
            return;
        }
        if (!request.follow() || request.previous()) {
            return;
        }
        int failures = 0;
        while (!closed.get()) {
            Pod p;
            try {
                p = lookup.get();
            } catch (RuntimeException e) {
                sleep(++failures);
                continue;
            }
            if (p == null) {
                marker(LogLine.Kind.END, "pod " + pod + " was deleted; its log ends here");
                return;
            }
            ContainerStatus s = status(p);
            Instance now = Instance.of(s);
            if (now != null && current != null && now.isAfter(current) && now.running()) {
                restarted(current, s);
                current = now;
                lastTime = null;
                sameCount = 0;
                failures = 0;
                read(url(false, null), false);
                continue;
            }
            if (current == null && now != null) {
                current = now;
            }
            if (now == null || !now.running()) {
                if (s != null && s.getState() != null && s.getState().getTerminated() != null && done(p, s)) {
                    ContainerStateTerminated t = s.getState().getTerminated();
                    marker(LogLine.Kind.END, "container " + container + " exited" + exit(t) + "; its log ends here");
                    return;
                }
                if (isTerminal(p)) {
                    marker(LogLine.Kind.END, "pod " + pod + " is " + p.getStatus().getPhase() + "; its log ends here");
                    return;
                }
                sleep(++failures); // waiting for the next instance (CrashLoopBackOff waits up to 5 min)
                continue;
            }
            // the same instance still runs: the stream dropped; resume after the last line shown (or,
            // when none was, ask again what was asked)
            sleep(++failures);
            if (read(lastTime == null ? url(true, null) : url(false, lastTime), false) == 200) {
                failures = 0;
            }
        }
    }

    /** The old instance's last lines, then the restart marker. */
    private void restarted(Instance before, ContainerStatus s) throws InterruptedException {
        int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
        Instant from = lastTime;
        boolean complete = false;
        if (restarts - before.restarts() == 1 && lastTime != null) {
            complete = read(previousUrl(lastTime), false) == 200;
        }
        if (!complete && lastTime != null) {
            String why = restarts - before.restarts() > 1
                    ? " (the container restarted " + (restarts - before.restarts()) + " times meanwhile)"
                    : " (the previous instance's log could not be read)";
            marker(LogLine.Kind.GAP, "lines between " + LogTimestamps.clock(from) + " and the restart may be missing" + why);
        }
        ContainerStateTerminated t = s.getLastState() == null ? null : s.getLastState().getTerminated();
        marker(LogLine.Kind.RESTART, "container " + container + " restarted (restart count " + restarts + ")"
                + (t == null ? "" : exit(t)));
    }

    /**
     * One request; its lines are passed on. Returns the HTTP status (200 when read to its end or
     * dropped), after a {@link WharfException} for a refusal on the first request.
     */
    private int read(String url, boolean first) throws InterruptedException {
        HttpResponse<InputStream> resp;
        try {
            resp = http.sendAsync(http.newHttpRequestBuilder().uri(url).forStreaming().build(), InputStream.class)
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (first) {
                throw new WharfException("cannot read the log of " + origin + ": " + WharfException.userMessage(
                        e instanceof ExecutionException ? e.getCause() : e), e);
            }
            return -1;
        }
        InputStream in = resp.body();
        if (resp.code() != 200) {
            String message = StatusMessages.of(in, resp.code());
            if (first) {
                throw new WharfException(message + (resp.code() == 400 && refusalHint != null ? refusalHint : ""));
            }
            return resp.code();
        }
        open = in;
        if (closed.get()) {
            closeQuietly(in);
            return 200;
        }
        if (url.contains("sinceTime=") && !first && lastTime != null) {
            skipUpTo = lastTime;
            skipSame = sameCount;
        }
        try (in) {
            lines(in, !request.follow() || url.contains("previous=true"));
        } catch (IOException e) {
            // dropped: the caller resumes
        } finally {
            open = null;
            skipUpTo = null;
        }
        return 200;
    }

    private void lines(InputStream in, boolean keepPartial) throws IOException {
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    String text;
                    if (partial.size() > 0) {
                        partial.write(buf, start, i - start);
                        text = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                    } else {
                        text = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    }
                    line(text);
                    start = i + 1;
                }
            }
            partial.write(buf, start, n - start);
        }
        if (keepPartial && partial.size() > 0) {
            line(partial.toString(StandardCharsets.UTF_8));
        }
    }

    private void line(String raw) {
        String[] split = LogTimestamps.split(raw);
        String stamp = split == null ? null : split[0];
        Instant t = stamp == null ? null : LogTimestamps.parse(stamp);
        if (skipUpTo != null && t != null) {
            int c = t.compareTo(skipUpTo);
            if (c < 0) {
                return;
            }
            if (c == 0 && skipSame > 0) {
                skipSame--;
                return;
            }
            skipUpTo = null;
        }
        if (t != null && t.equals(lastTime)) {
            sameCount++;
        } else if (t != null) {
            lastTime = t;
            sameCount = 1;
        }
        listener.onLine(LogLine.line(stamp, t, origin, split == null ? raw : split[1]));
    }

    private void marker(LogLine.Kind kind, String text) {
        listener.onLine(LogLine.marker(kind, lastTime, origin, text));
    }

    /** The previous instance's lines from {@code since} (whole seconds), not followed. */
    private String previousUrl(Instant since) {
        return podUrl + "/log?container=" + enc(container) + "&previous=true&sinceTime="
                + enc(LogTimestamps.sinceTime(since)) + "&timestamps=true";
    }

    /** The log URL: the request's own on the first call, else following from {@code since}. */
    private String url(boolean first, Instant since) {
        List<String> q = new ArrayList<>();
        q.add("container=" + enc(container));
        if (request.follow()) {
            q.add("follow=true");
        }
        if (first && request.previous()) {
            q.add("previous=true");
        }
        if (since != null) {
            q.add("sinceTime=" + enc(LogTimestamps.sinceTime(since)));
        } else if (first) {
            if (request.sinceSeconds() != null) {
                q.add("sinceSeconds=" + request.sinceSeconds());
            } else if (request.sinceTime() != null) {
                q.add("sinceTime=" + enc(LogTimestamps.sinceTime(request.sinceTime())));
            }
            if (request.tailLines() != null) {
                q.add("tailLines=" + request.tailLines());
            }
        }
        q.add("timestamps=true");
        return podUrl + "/log?" + String.join("&", q);
    }

    private ContainerStatus status(Pod p) {
        if (p == null || p.getStatus() == null) {
            return null;
        }
        for (List<ContainerStatus> l : List.of(nonNull(p.getStatus().getContainerStatuses()),
                nonNull(p.getStatus().getInitContainerStatuses()), nonNull(p.getStatus().getEphemeralContainerStatuses()))) {
            for (ContainerStatus s : l) {
                if (container.equals(s.getName())) {
                    return s;
                }
            }
        }
        return null;
    }

    private Pod lookupOrNull() {
        try {
            return lookup.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the container will not run again. */
    private boolean done(Pod p, ContainerStatus s) {
        if (isTerminal(p)) {
            return true;
        }
        String policy = p.getSpec() == null ? null : p.getSpec().getRestartPolicy();
        int code = s.getState().getTerminated().getExitCode() == null ? 0 : s.getState().getTerminated().getExitCode();
        boolean init = p.getSpec() != null && p.getSpec().getInitContainers() != null
                && p.getSpec().getInitContainers().stream().anyMatch(c -> container.equals(c.getName())
                        && !"Always".equals(c.getRestartPolicy()));
        return "Never".equals(policy) || ("OnFailure".equals(policy) && code == 0) || (init && code == 0);
    }

    private static boolean isTerminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static String exit(ContainerStateTerminated t) {
        return ": exit code " + t.getExitCode() + (t.getReason() == null ? "" : ", " + t.getReason());
    }

    private void sleep(int failures) throws InterruptedException {
        long ms = Math.min(maxBackoffMillis, 100L << Math.min(failures, 10));
        Thread.sleep(ms);
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // closing
            }
        }
    }

    /** A container instance: its id and restart count. */
    record Instance(String containerId, int restarts, boolean running) {
        static Instance of(ContainerStatus s) {
            if (s == null) {
                return null;
            }
            return new Instance(s.getContainerID(), s.getRestartCount() == null ? 0 : s.getRestartCount(),
                    s.getState() != null && s.getState().getRunning() != null);
        }

        boolean isAfter(Instance other) {
            return restarts > other.restarts
                    || (containerId != null && other.containerId != null && !containerId.equals(other.containerId));
        }
    }
}
