package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.ContainerStatuses;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import dev.wharf.inventory.Tenant;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Pod → a pod or microVM item. Pure: the RuntimeClass it names is passed in (null when it
 * does not exist or cannot be read), so a class arriving later just means mapping again.
 */
public final class PodMapper {
    public static final String LAUNCHER_LABEL = "kubevirt.io";
    public static final String LAUNCHER = "virt-launcher";
    static final String DOMAIN_ANNOTATION = "kubevirt.io/domain";
    static final Set<String> FAILED_REASONS = Set.of("CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    /** Controllers {@code kubectl rollout restart} restarts. */
    static final Set<String> RESTARTABLE = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private PodMapper() {
    }

    /**
     * @param runtimeClass           the RuntimeClass the pod names, or null if none / not found / unreadable
     * @param runtimeClassesReadable false when RBAC forbids reading RuntimeClasses
     */
    public static Item map(Ids ids, Pod pod, RuntimeClass runtimeClass, boolean runtimeClassesReadable,
                           Permissions permissions) {
        return map(ids, pod, runtimeClass, runtimeClassesReadable, permissions, null);
    }

    /**
     * @param tenant whose pod it is (from its namespace's labels); null: the namespace is its own tenant
     */
    public static Item map(Ids ids, Pod pod, RuntimeClass runtimeClass, boolean runtimeClassesReadable,
                           Permissions permissions, Tenant tenant) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String className = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();

        Isolation isolation;
        String runtime;
        String guess = null;
        if (className == null || className.isEmpty()) {
            isolation = Isolation.CONTAINER;
            runtime = RuntimeClassifier.DEFAULT_HANDLER;
        } else if (runtimeClass != null && runtimeClass.getHandler() != null) {
            runtime = runtimeClass.getHandler();
            isolation = RuntimeClassifier.isolationOfHandler(runtime);
        } else {
            isolation = RuntimeClassifier.guessFromClassName(className);
            runtime = className;
            guess = runtimeClassesReadable
                    ? "guessed from class name (RuntimeClass " + className + " not found)"
                    : "guessed from class name (RuntimeClasses not readable)";
        }
        Kind kind = RuntimeClassifier.kindOf(isolation);

        Item.Builder b = Item.builder(ids.of(kind, ns, name), ids.source(), kind, name)
                .namespace(ns)
                .isolation(isolation)
                .runtime(runtime)
                .created(Fields.instant(pod.getMetadata().getCreationTimestamp()))
                .owner(ownerVm(ids, pod))
                .facet(PodFacts.security(pod))
                .facet(PodFacts.runtimeClass(className, runtimeClass, runtimeClassesReadable))
                .facet(PodFacts.requests(pod, runtimeClass))
                .facet(tenant != null ? tenant : Tenants.of(ns, null));
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        b.on(ids.node(node));

        PodStatus st = pod.getStatus();
        String phase = st == null || st.getPhase() == null ? "Unknown" : st.getPhase();
        List<ContainerStatus> cs = st == null || st.getContainerStatuses() == null ? List.of() : st.getContainerStatuses();
        State state;
        String status;
        String waiting = firstWaitingReason(cs);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            state = State.STOPPING;
            status = "Terminating";
        } else {
            switch (phase) {
                case "Pending" -> {
                    if (waiting != null && FAILED_REASONS.contains(waiting)) {
                        state = State.FAILED;
                        status = waiting;
                    } else if (node != null && !node.isEmpty()) {
                        state = State.STARTING;
                        status = waiting != null ? waiting : "ContainerCreating";
                    } else {
                        state = State.PENDING;
                        status = st != null && st.getReason() != null ? st.getReason() : "Pending";
                    }
                }
                case "Running" -> {
                    if (waiting != null && FAILED_REASONS.contains(waiting)) {
                        state = State.FAILED;
                        status = waiting;
                    } else {
                        state = State.RUNNING;
                        status = "Running";
                    }
                }
                case "Succeeded" -> {
                    state = State.SUCCEEDED;
                    status = "Completed";
                }
                case "Failed" -> {
                    state = State.FAILED;
                    status = st.getReason() != null ? st.getReason() : "Failed";
                }
                default -> {
                    state = State.UNKNOWN;
                    status = phase;
                }
            }
        }
        b.state(state).status(status);

        int ready = 0;
        int restarts = 0;
        for (ContainerStatus c : cs) {
            if (Boolean.TRUE.equals(c.getReady())) {
                ready++;
            }
            restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
        }
        int containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? cs.size()
                : pod.getSpec().getContainers().size();
        b.property("Containers", readiness(ready, containers));
        if (restarts > 0) {
            b.property("Restarts", restarts);
        }
        if (st != null) {
            b.property("IP", st.getPodIP());
            b.property("QoS", st.getQosClass());
        }
        b.property("RuntimeClass", className);
        b.property("Classification", guess);

        ContainerStatuses statuses = PodDiagnoser.containers(pod);
        b.facet(statuses);
        b.facet(PodDiagnoser.conditions(pod));
        b.facet(PodDiagnoser.diagnose(pod, statuses,
                state == State.FAILED || state == State.PENDING || state == State.STARTING || state == State.UNKNOWN));
        Controller controller = PodDiagnoser.controller(pod);
        b.facet(controller);
        if (controller != null && RESTARTABLE.contains(controller.kind()) && state != State.STOPPING
                && permissions.allows(ns, Action.RESTART_WORKLOAD, kind)) {
            b.action(Action.RESTART_WORKLOAD);
        }
        if (state != State.STOPPING) {
            if (permissions.allows(ns, Action.DELETE, kind)) {
                b.action(Action.DELETE);
            } else {
                b.property("Not permitted", "delete (RBAC)");
            }
        }
        if (state == State.RUNNING) {
            b.console(ConsoleType.EXEC).console(ConsoleType.ATTACH);
        }
        b.facet(LogStreamsMapper.ofPod(pod));
        return b.build();
    }

    private static final String[][] READINESS = new String[9][9];

    static {
        for (int total = 0; total < READINESS.length; total++) {
            for (int ready = 0; ready <= total; ready++) {
                READINESS[total][ready] = ready + "/" + total + " ready";
            }
        }
    }

    /** "1/2 ready"; the common values are shared strings (items must stay small: thousands of pods). */
    static String readiness(int ready, int total) {
        return total < READINESS.length && ready <= total ? READINESS[total][ready] : ready + "/" + total + " ready";
    }

    /** The VM item that owns a virt-launcher pod; null for other pods. */
    static String ownerVm(Ids ids, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || !LAUNCHER.equals(labels.get(LAUNCHER_LABEL))) {
            return null;
        }
        String vmi = null;
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference r : refs) {
                if ("VirtualMachineInstance".equals(r.getKind())) {
                    vmi = r.getName();
                }
            }
        }
        if (vmi == null && pod.getMetadata().getAnnotations() != null) {
            vmi = pod.getMetadata().getAnnotations().get(DOMAIN_ANNOTATION);
        }
        if (vmi == null) {
            vmi = labels.get("vm.kubevirt.io/name");
        }
        return vmi == null ? null : ids.of(Kind.VM, pod.getMetadata().getNamespace(), vmi);
    }

    private static String firstWaitingReason(List<ContainerStatus> cs) {
        String found = null;
        for (ContainerStatus c : cs) {
            if (c.getState() != null && c.getState().getWaiting() != null) {
                String r = c.getState().getWaiting().getReason();
                if (r != null && FAILED_REASONS.contains(r)) {
                    return r;
                }
                if (found == null) {
                    found = r;
                }
            }
        }
        return found;
    }
}
