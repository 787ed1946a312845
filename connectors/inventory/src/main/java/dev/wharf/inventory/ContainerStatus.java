package dev.wharf.inventory;

import java.time.Instant;

/**
 * One container of a pod as its kubelet reports it.
 *
 * @param name          container name
 * @param init          an init container
 * @param image         the image it runs (or tries to pull)
 * @param state         "waiting", "running", "terminated" or "unknown"
 * @param reason        reason of that state ("CrashLoopBackOff", "ImagePullBackOff", "OOMKilled"), may be null
 * @param message       message of that state (the pull error, the back-off), may be null
 * @param exitCode      exit code when terminated, else null
 * @param since         when that state began (started or finished), may be null
 * @param ready         the kubelet counts it ready
 * @param restarts      restart count
 * @param last          how it last ended (the previous run), null if it never did
 */
public record ContainerStatus(String name, boolean init, String image, String state, String reason, String message,
                              Integer exitCode, Instant since, boolean ready, int restarts, Termination last) {

    /** How a container run ended: reason ("OOMKilled", "Error", "Completed"), exit code, when. */
    public record Termination(String reason, Integer exitCode, Instant finished, String message) {
    }
}
