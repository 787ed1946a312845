package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Condition;
import dev.wharf.inventory.Conditions;
import dev.wharf.inventory.ContainerStatus;
import dev.wharf.inventory.ContainerStatuses;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.Diagnosis;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What explains a pod: its containers' states, its conditions, the controller it belongs to,
 * and — for a pod that fails or waits — one sentence saying why. Pure.
 */
public final class PodDiagnoser {
    private static final Pattern BACK_OFF = Pattern.compile("back-off (\\d+[hms][0-9hms]*)");
    private static final Pattern PULL_BACK_OFF = Pattern.compile("^Back-off pulling image \"[^\"]*\":?\\s*(ErrImagePull:\\s*)?");
    private static final Pattern CRON_JOB = Pattern.compile("^(.+)-\\d{8,}$");
    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private PodDiagnoser() {
    }

    /** Init containers first, then the app containers, in the kubelet's order. */
    public static ContainerStatuses containers(Pod pod) {
        PodStatus st = pod.getStatus();
        List<ContainerStatus> out = new ArrayList<>();
        if (st != null) {
            add(out, st.getInitContainerStatuses(), true);
            add(out, st.getContainerStatuses(), false);
        }
        return new ContainerStatuses(out);
    }

    private static void add(List<ContainerStatus> out, List<io.fabric8.kubernetes.api.model.ContainerStatus> in,
                            boolean init) {
        if (in == null) {
            return;
        }
        for (io.fabric8.kubernetes.api.model.ContainerStatus c : in) {
            ContainerState s = c.getState();
            String state = "unknown";
            String reason = null;
            String message = null;
            Integer exit = null;
            java.time.Instant since = null;
            if (s != null && s.getWaiting() != null) {
                state = "waiting";
                reason = s.getWaiting().getReason();
                message = s.getWaiting().getMessage();
            } else if (s != null && s.getRunning() != null) {
                state = "running";
                since = Fields.instant(s.getRunning().getStartedAt());
            } else if (s != null && s.getTerminated() != null) {
                ContainerStateTerminated t = s.getTerminated();
                state = "terminated";
                reason = t.getReason();
                message = t.getMessage();
                exit = t.getExitCode();
                since = Fields.instant(t.getFinishedAt());
            }
            ContainerStatus.Termination last = null;
            if (c.getLastState() != null && c.getLastState().getTerminated() != null) {
                ContainerStateTerminated t = c.getLastState().getTerminated();
                last = new ContainerStatus.Termination(t.getReason(), t.getExitCode(),
                        Fields.instant(t.getFinishedAt()), t.getMessage());
            }
            out.add(new ContainerStatus(c.getName(), init, c.getImage(), state, reason, message, exit, since,
                    Boolean.TRUE.equals(c.getReady()), c.getRestartCount() == null ? 0 : c.getRestartCount(), last));
        }
    }

    /** The pod's conditions that are not True (a healthy pod has none to show); null when all are True. */
    public static Conditions conditions(Pod pod) {
        PodStatus st = pod.getStatus();
        if (st == null || st.getConditions() == null) {
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (PodCondition c : st.getConditions()) {
            if (!"True".equals(c.getStatus())) {
                out.add(new Condition(null, c.getType(), c.getStatus(), c.getReason(), c.getMessage(),
                        Fields.instant(c.getLastTransitionTime())));
            }
        }
        return out.isEmpty() ? null : new Conditions(out);
    }

    /**
     * The controller the pod belongs to, followed the way Kubernetes names objects: a ReplicaSet
     * named {@code <deployment>-<pod-template-hash>} belongs to that Deployment, a Job named
     * {@code <cronjob>-<scheduled minute>} to that CronJob. Null for a pod without a controller.
     */
    public static Controller controller(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (!Boolean.TRUE.equals(r.getController()) || r.getKind() == null || r.getName() == null) {
                continue;
            }
            Map<String, String> labels = pod.getMetadata().getLabels();
            String hash = labels == null ? null : labels.get(POD_TEMPLATE_HASH);
            if ("ReplicaSet".equals(r.getKind()) && hash != null && r.getName().endsWith("-" + hash)) {
                return new Controller("Deployment", r.getName().substring(0, r.getName().length() - hash.length() - 1),
                        "ReplicaSet " + r.getName());
            }
            if ("Job".equals(r.getKind())) {
                Matcher m = CRON_JOB.matcher(r.getName());
                if (m.matches()) {
                    return new Controller("CronJob", m.group(1), "Job " + r.getName());
                }
            }
            return new Controller(r.getKind(), r.getName(), null);
        }
        return null;
    }

    /**
     * Why a pod fails or waits, in one sentence; null when nothing needs explaining.
     *
     * @param failingOrWaiting whether the pod's state is failed, pending or starting
     */
    public static Diagnosis diagnose(Pod pod, ContainerStatuses containers, boolean failingOrWaiting) {
        if (!failingOrWaiting) {
            return null;
        }
        PodStatus st = pod.getStatus();
        if (st != null && st.getConditions() != null) {
            for (PodCondition c : st.getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                    String why = c.getMessage() != null && !c.getMessage().isBlank() ? c.getMessage().trim()
                            : c.getReason() != null ? c.getReason() : "no node fits";
                    return Diagnosis.of("Not scheduled: " + stop(why));
                }
            }
        }
        for (ContainerStatus c : containers.list()) {
            Diagnosis d = diagnose(c);
            if (d != null) {
                return d;
            }
        }
        if (st != null && "Failed".equals(st.getPhase())) {
            String reason = st.getReason() == null ? "" : " (" + st.getReason() + ")";
            return Diagnosis.of("Pod failed" + reason + (st.getMessage() == null || st.getMessage().isBlank()
                    ? "." : ": " + stop(st.getMessage().trim())));
        }
        for (ContainerStatus c : containers.list()) {
            if ("waiting".equals(c.state()) && c.reason() != null) {
                return Diagnosis.of(who(c) + " is waiting (" + c.reason() + ")"
                        + (c.message() == null || c.message().isBlank() ? "." : ": " + stop(c.message().trim())));
            }
        }
        if (st != null && "Pending".equals(st.getPhase())) {
            return Diagnosis.of("Pending" + (st.getReason() == null ? ": not scheduled yet." : ": " + st.getReason() + "."));
        }
        return null;
    }

    private static Diagnosis diagnose(ContainerStatus c) {
        String r = c.reason() == null ? "" : c.reason();
        if ("waiting".equals(c.state()) && "CrashLoopBackOff".equals(r)) {
            String restarts = "restarted " + (c.restarts() == 1 ? "once" : c.restarts() + " times");
            String backOff = backOff(c.message());
            String after = "; " + restarts + (backOff == null ? "" : ", back-off " + backOff) + ".";
            if (c.last() == null) {
                return new Diagnosis(who(c) + " keeps crashing", null, after);
            }
            return new Diagnosis(who(c) + " keeps crashing: " + exited(c.last().exitCode(), c.last().reason()),
                    c.last().finished(), after);
        }
        if ("waiting".equals(c.state()) && (r.equals("ImagePullBackOff") || r.equals("ErrImagePull")
                || r.equals("InvalidImageName"))) {
            String error = c.message() == null ? "" : PULL_BACK_OFF.matcher(c.message().trim()).replaceFirst("");
            return Diagnosis.of(who(c) + " cannot pull image " + c.image() + " (" + r + ")"
                    + (error.isBlank() ? "; the pull error is under Events." : ": " + stop(error)));
        }
        if ("waiting".equals(c.state()) && PodMapper.FAILED_REASONS.contains(r)) {
            return Diagnosis.of(who(c) + " cannot start (" + r + ")"
                    + (c.message() == null || c.message().isBlank() ? "." : ": " + stop(c.message().trim())));
        }
        if ("terminated".equals(c.state()) && c.exitCode() != null && c.exitCode() != 0) {
            return new Diagnosis(who(c) + " " + exited(c.exitCode(), c.reason()), c.since(),
                    c.message() == null || c.message().isBlank() ? "." : ": " + stop(c.message().trim()));
        }
        return null;
    }

    /** "exited with code 137 (OOMKilled)". */
    static String exited(Integer code, String reason) {
        String s = code == null ? "exited" : "exited with code " + code;
        return reason == null || reason.isBlank() ? s : s + " (" + reason + ")";
    }

    /** "5m0s" → "5m"; "40s" stays. */
    static String backOff(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = BACK_OFF.matcher(message);
        if (!m.find()) {
            return null;
        }
        String d = m.group(1);
        return d.matches(".*[hm]0s") ? d.substring(0, d.length() - 2) : d;
    }

    private static String who(ContainerStatus c) {
        return (c.init() ? "Init container " : "Container ") + c.name();
    }

    private static String stop(String s) {
        return s.endsWith(".") || s.endsWith("!") || s.endsWith("?") ? s : s + ".";
    }
}
