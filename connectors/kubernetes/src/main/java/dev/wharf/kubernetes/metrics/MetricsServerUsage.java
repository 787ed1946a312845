package dev.wharf.kubernetes.metrics;

import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsageListener;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import dev.wharf.kubernetes.mapping.Ids;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes context's usage from metrics-server ({@code metrics.k8s.io/v1beta1}): per poll one
 * list of NodeMetrics and one of PodMetrics (all namespaces), never a call per pod; every
 * {@link #INTERVAL} (metrics-server's resolution), on a thread of its own (never an informer's).
 *
 * <p>Without metrics-server (404 on the group) each poll carries the note {@link #NOT_INSTALLED} and
 * the next try is {@link #RETRY_MISSING} later; a 403 says so and names the permission; either is
 * logged once, not on every poll.
 */
public final class MetricsServerUsage implements UsageSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServerUsage.class);
    /** metrics-server's resolution: polling faster only repeats its figures. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** Next try after a 404 or 403: those do not change by the second. */
    public static final Duration RETRY_MISSING = Duration.ofMinutes(5);
    public static final String NOT_INSTALLED = "metrics unavailable: metrics-server is not installed";
    public static final String FORBIDDEN = "metrics forbidden (403): your role may not list nodes and pods of "
            + "metrics.k8s.io; ask a cluster admin for get and list on nodes.metrics.k8s.io and pods.metrics.k8s.io";
    static final ResourceDefinitionContext NODE_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("nodes").withKind("NodeMetrics")
            .withNamespaced(false).build();
    static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("pods").withKind("PodMetrics")
            .withNamespaced(true).build();
    private static final Duration NOT_CONNECTED_RETRY = Duration.ofSeconds(1);

    private final String sourceId;
    private final Ids ids;
    private final Supplier<KubernetesClient> client;
    private final MetricsMapper.Lookups lookups;
    private final Clock clock;
    private final Duration interval;
    private final List<UsageListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private ScheduledExecutorService thread;
    private volatile boolean closed;
    /** The last note logged (to log a change once, not every poll). Poll thread only. */
    private String lastNote = "";

    /**
     * @param client   the connection's client; null while it is not built yet
     * @param interval between polls ({@link #INTERVAL}; tests go faster)
     */
    public MetricsServerUsage(String sourceId, Supplier<KubernetesClient> client, MetricsMapper.Lookups lookups,
                              Clock clock, Duration interval) {
        this.sourceId = sourceId;
        this.ids = new Ids(sourceId);
        this.client = client;
        this.lookups = lookups;
        this.clock = clock;
        this.interval = interval;
    }

    public MetricsServerUsage(String sourceId, Supplier<KubernetesClient> client, MetricsMapper.Lookups lookups) {
        this(sourceId, client, lookups, Clock.systemUTC(), INTERVAL);
    }

    @Override
    public Watch watchUsage(UsageListener listener) {
        synchronized (lock) {
            if (closed) {
                return () -> { };
            }
            listeners.add(listener);
            if (thread == null) {
                thread = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "wharf-metrics " + sourceId);
                    t.setDaemon(true);
                    return t;
                });
                schedule(thread, Duration.ZERO);
            }
        }
        return () -> stop(listener);
    }

    private void stop(UsageListener listener) {
        synchronized (lock) {
            listeners.remove(listener);
            if (listeners.isEmpty() && thread != null) {
                thread.shutdownNow();
                thread = null;
            }
        }
    }

    /** Stops every watch (the connection closes). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            listeners.clear();
            if (thread != null) {
                thread.shutdownNow();
                thread = null;
            }
        }
    }

    private void schedule(ScheduledExecutorService on, Duration delay) {
        try {
            on.schedule(() -> poll(on), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped
        }
    }

    private void poll(ScheduledExecutorService on) {
        KubernetesClient c = client.get();
        if (c == null) {
            schedule(on, NOT_CONNECTED_RETRY);
            return;
        }
        Result r = pollOnce(c);
        if (Thread.currentThread().isInterrupted() || on.isShutdown()) {
            return;
        }
        UsagePoll p = new UsagePoll(sourceId, r.at, r.usages, r.note);
        if (!r.note.equals(lastNote)) {
            if (!r.note.isEmpty()) {
                LOG.info("{}: {}", sourceId, r.note);
            } else {
                LOG.info("{}: metrics available again", sourceId);
            }
            lastNote = r.note;
        }
        for (UsageListener l : listeners) {
            try {
                l.onUsage(p);
            } catch (RuntimeException e) {
                LOG.warn("{}: a usage listener failed: {}", sourceId, e.toString());
            }
        }
        schedule(on, r.next);
    }

    private record Result(Instant at, List<Usage> usages, String note, Duration next) {
    }

    /** One poll: the node list, then the pod list; a failure of either makes the note. */
    Result pollOnce(KubernetesClient c) {
        Instant at = clock.instant();
        List<Usage> out = new ArrayList<>();
        String note = "";
        Duration next = interval;
        try {
            // generic, not top(): fabric8's typed window drops the fraction of "10.037s"
            List<GenericKubernetesResource> nodes = c.genericKubernetesResources(NODE_METRICS).list().getItems();
            out.addAll(MetricsMapper.nodes(ids, nodes, lookups, at));
            List<GenericKubernetesResource> pods = c.genericKubernetesResources(POD_METRICS).inAnyNamespace().list()
                    .getItems();
            out.addAll(MetricsMapper.pods(ids, pods, lookups, at));
        } catch (KubernetesClientException e) {
            switch (e.getCode()) {
                case 404 -> {
                    note = NOT_INSTALLED;
                    next = longest(interval, RETRY_MISSING);
                }
                case 403 -> {
                    note = FORBIDDEN;
                    next = longest(interval, RETRY_MISSING);
                }
                case 503 -> note = "metrics unavailable: metrics-server is not answering (503 Service Unavailable)";
                default -> note = "metrics unavailable: " + oneLine(e);
            }
            LOG.debug("{}: metrics poll failed", sourceId, e);
        } catch (RuntimeException e) {
            note = "metrics unavailable: " + oneLine(e);
            LOG.debug("{}: metrics poll failed", sourceId, e);
        }
        return new Result(at, out, note, next);
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
