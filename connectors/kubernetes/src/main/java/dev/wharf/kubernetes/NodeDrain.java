package dev.wharf.kubernetes;

import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node drain as {@code kubectl drain --ignore-daemonsets} does it: cordon, then one eviction
 * ({@code POST /api/v1/namespaces/NS/pods/NAME/eviction}, policy/v1) per pod, so that
 * PodDisruptionBudgets hold; DaemonSet pods and mirror pods stay. A 429 is a budget's refusal,
 * reported with the server's message; unlike kubectl, Wharf does not retry it in a loop.
 */
final class NodeDrain {
    static final String MIRROR = "kubernetes.io/config.mirror";
    private static final long CALL_SECONDS = 30;

    private final ApiCalls api;
    private final ExecutorService blocking;
    private final CachedObjects caches;

    NodeDrain(ApiCalls api, ExecutorService blocking, CachedObjects caches) {
        this.api = api;
        this.blocking = blocking;
        this.caches = caches;
    }

    /** The plan from the informer cache: pods bound to the node, minus those a drain leaves. */
    Drainer.Plan plan(String node) {
        List<String> evict = new ArrayList<>();
        List<Drainer.Skipped> skip = new ArrayList<>();
        List<Pod> pods = new ArrayList<>(caches.podsOn(node));
        pods.sort(java.util.Comparator.comparing(p -> key(p)));
        for (Pod p : pods) {
            String why = skipReason(p);
            if (why == null) {
                evict.add(key(p));
            } else {
                skip.add(new Drainer.Skipped(key(p), why));
            }
        }
        return new Drainer.Plan(node, evict, skip);
    }

    /** Why a drain leaves the pod where it is; null when it evicts it. */
    static String skipReason(Pod p) {
        var meta = p.getMetadata();
        if (meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR)) {
            return "mirror pod (static, the kubelet runs it)";
        }
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference r : meta.getOwnerReferences()) {
                if (Boolean.TRUE.equals(r.getController()) && "DaemonSet".equals(r.getKind())) {
                    return "DaemonSet pod (its DaemonSet would put it back)";
                }
            }
        }
        if (meta.getDeletionTimestamp() != null) {
            return "already terminating";
        }
        return null;
    }

    CompletableFuture<List<Drainer.Outcome>> drain(Item node, Consumer<Drainer.Outcome> progress) {
        CompletableFuture<List<Drainer.Outcome>> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                cordon(node.name(), true);
                List<Drainer.Outcome> out = new ArrayList<>();
                for (String pod : plan(node.name()).evict()) {
                    Drainer.Outcome o = evict(pod);
                    out.add(o);
                    try {
                        progress.accept(o);
                    } catch (RuntimeException e) {
                        // a listener's failure does not stop the drain
                    }
                }
                result.complete(out);
            } catch (WharfException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new WharfException("Cannot drain node " + node.name() + ": " + e.getMessage(), e));
            }
        });
        return result;
    }

    /** Sets or clears {@code spec.unschedulable} with a merge patch (what kubectl cordon changes); blocking. */
    void cordon(String node, boolean on) {
        String body = "{\"spec\":{\"unschedulable\":" + (on ? "true" : "null") + "}}";
        HttpResponse<String> r = call("PATCH", "/api/v1/nodes/" + node, ApiCalls.MERGE_PATCH, body,
                (on ? "cordon" : "uncordon") + " node " + node);
        if (r.code() < 200 || r.code() >= 300) {
            throw new WharfException("Cannot " + (on ? "cordon" : "uncordon") + " node " + node + ": the API server answered "
                    + r.code() + detail(r.body()) + (r.code() == 403 ? " Ask a cluster admin for 'patch' on nodes." : ""));
        }
    }

    private Drainer.Outcome evict(String pod) {
        int slash = pod.indexOf('/');
        String ns = pod.substring(0, slash);
        String name = pod.substring(slash + 1);
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":" + ApiCalls.quote(name)
                + ",\"namespace\":" + ApiCalls.quote(ns) + "}}";
        HttpResponse<String> r;
        try {
            r = call("POST", "/api/v1/namespaces/" + ns + "/pods/" + name + "/eviction", ApiCalls.JSON, body, "evict " + pod);
        } catch (WharfException e) {
            return new Drainer.Outcome(pod, Drainer.Result.FAILED, e.getMessage());
        }
        String message = KubernetesErrors.serverMessage(r.body());
        if (r.code() >= 200 && r.code() < 300) {
            return new Drainer.Outcome(pod, Drainer.Result.EVICTED, "");
        }
        if (r.code() == 404) {
            // gone already, or a server without the eviction API: ask for the pod itself
            if (stillThere(ns, name)) {
                return new Drainer.Outcome(pod, Drainer.Result.FAILED,
                        "this server has no eviction API (404; the pod is still there)");
            }
            return new Drainer.Outcome(pod, Drainer.Result.EVICTED, "already gone");
        }
        if (r.code() == 429) {
            return new Drainer.Outcome(pod, Drainer.Result.REFUSED,
                    message.isEmpty() ? "a PodDisruptionBudget does not allow it now" : message);
        }
        return new Drainer.Outcome(pod, Drainer.Result.FAILED, "the API server answered " + r.code()
                + (message.isEmpty() ? "" : ": " + message));
    }

    private boolean stillThere(String ns, String name) {
        try {
            return call("GET", "/api/v1/namespaces/" + ns + "/pods/" + name, null, null, "read pod " + ns + "/" + name)
                    .code() == 200;
        } catch (WharfException e) {
            return false;
        }
    }

    private HttpResponse<String> call(String method, String path, String type, String body, String what) {
        try {
            return api.send(method, path, type, body).get(CALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WharfException("Interrupted while trying to " + what + ".");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new WharfException("Cannot " + what + ": the cluster could not be reached ("
                    + KubernetesErrors.root(e).getMessage() + "). Check the connection and try again.", e);
        }
    }

    private static String detail(String body) {
        String m = KubernetesErrors.serverMessage(body);
        return m.isEmpty() ? "." : ": " + m + (m.endsWith(".") ? "" : ".");
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
