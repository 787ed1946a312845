package dev.wharf.inventory;

/**
 * Facet: the workload controller a pod belongs to, followed up the chain the way Kubernetes
 * names it (a ReplicaSet's Deployment, a Job's CronJob).
 *
 * @param kind   "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob" …
 * @param name   its name
 * @param via    the direct owner when it is another object ("ReplicaSet payments-7f6c9d8b5"); null if direct
 */
public record Controller(String kind, String name, String via) {

    /** "Deployment payments". */
    public String label() {
        return kind + " " + name;
    }
}
