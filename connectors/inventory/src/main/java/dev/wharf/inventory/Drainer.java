package dev.wharf.inventory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Capability of a source whose nodes can be drained: cordon the node, then evict each
 * evictable pod through the eviction API so that PodDisruptionBudgets hold. A refusal (a budget
 * that would be broken) is an outcome, not a failure of the whole drain.
 */
public interface Drainer {

    /** What a drain of {@code node} would do now: the pods it would evict and those it leaves (and why). */
    CompletableFuture<Plan> planDrain(Item node);

    /**
     * Cordons {@code node} and evicts the pods of a fresh plan, one by one; {@code progress} hears each
     * pod's outcome as it happens (on a connector thread). Completes with every outcome; exceptionally
     * only when the node could not be cordoned or read.
     */
    @Mutates
    CompletableFuture<List<Outcome>> drain(Item node, Consumer<Outcome> progress);

    /**
     * @param evict the pods to evict ("namespace/name")
     * @param skip  the pods left where they are, each with why ("kube-system/kube-proxy-x: DaemonSet pod")
     */
    record Plan(String node, List<String> evict, List<Skipped> skip) {
        public Plan {
            evict = List.copyOf(evict);
            skip = List.copyOf(skip);
        }
    }

    /** A pod a drain leaves alone, and why ("DaemonSet pod", "mirror pod"). */
    record Skipped(String pod, String why) {
    }

    /** What happened to one pod. */
    enum Result { EVICTED, REFUSED, FAILED }

    /**
     * @param pod     "namespace/name"
     * @param result  evicted, refused (a PodDisruptionBudget: HTTP 429) or failed
     * @param message the server's message for a refusal or failure; empty when evicted
     */
    record Outcome(String pod, Result result, String message) {
    }
}
