package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the lab's simulated controllers share: the store they write through, the types they
 * touch, the clock, and the timer that runs each transition a step later. This object is also
 * their one lock: every entry point and every delayed step runs synchronized on it, so a
 * transition never interleaves with another, and none blocks on I/O.
 */
final class Simulation {

    final ClusterStore store;
    final Clock clock;
    final Duration step;
    final ApiResources.Type vmType;
    final ApiResources.Type vmiType;
    final ApiResources.Type migrationType;
    final ApiResources.Type podType;
    final ApiResources.Type nodeType;
    private final ScheduledExecutorService timer;
    private final Map<String, Long> generation = new HashMap<>();
    private final Random random = new Random();
    private volatile boolean closed;

    Simulation(ClusterStore store, ScheduledExecutorService timer, Clock clock, Duration step) {
        this.store = store;
        this.timer = timer;
        this.clock = clock;
        this.step = step;
        this.vmType = store.type("kubevirt.io/v1", "VirtualMachine");
        this.vmiType = store.type("kubevirt.io/v1", "VirtualMachineInstance");
        this.migrationType = store.type("kubevirt.io/v1", "VirtualMachineInstanceMigration");
        this.podType = store.type("v1", "Pod");
        this.nodeType = store.type("v1", "Node");
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static Instant parse(String ts) {
        try {
            return ts == null ? Instant.now() : Instant.parse(ts);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        c.put("lastProbeTime", null);
        c.put("lastTransitionTime", now().toString());
        return c;
    }

    @SuppressWarnings("unchecked")
    void addPhaseTransition(Map<String, Object> status, String phase) {
        List<Object> list = new ArrayList<>((List<Object>) status.getOrDefault("phaseTransitionTimestamps", List.of()));
        list.add(Map.of("phase", phase, "phaseTransitionTimestamp", now().toString()));
        status.put("phaseTransitionTimestamps", list);
    }

    static String mac(String seed) {
        int h = seed.hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }

    /** Five characters as Kubernetes' generated names end in. */
    String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String key(GenericKubernetesResource object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    static String label(GenericKubernetesResource r, String key) {
        Map<String, String> l = r.getMetadata().getLabels();
        return l == null ? null : l.get(key);
    }

    /** A new action on {@code key}: steps scheduled by older actions on it will not run. */
    long bump(String key) {
        return generation.merge(key, 1L, Long::sum);
    }

    /** Runs {@code action} after the step delay, unless a newer action on the same key came first. */
    void later(String key, long token, Runnable action) {
        after(step, key, token, action);
    }

    /** Runs {@code action} after {@code delay}, unless a newer action on the same key came first. */
    void after(Duration delay, String key, long token, Runnable action) {
        if (closed) {
            return;
        }
        timer.schedule(() -> {
            synchronized (this) {
                if (closed || generation.getOrDefault(key, 0L) != token) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Simulation.class)
                            .warn("lab: a simulated transition of {} failed: {}", key, e.toString());
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static MockResponse accepted() {
        return new MockResponse().setResponseCode(202);
    }

    static MockResponse conflictVm(String name, String why) {
        return Responses.conflict("virtualmachine", "kubevirt.io", name, why);
    }

    static MockResponse conflictVmi(String name, String why) {
        return Responses.conflict("virtualmachineinstance", "kubevirt.io", name, why);
    }

    boolean closed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
    }
}
