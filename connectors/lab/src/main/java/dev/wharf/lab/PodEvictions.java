package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The eviction API ({@code POST …/pods/{name}/eviction}) as the API server answers it, and what
 * the controllers do next: 429 with the API server's message when a PodDisruptionBudget would
 * be violated; 429 from KubeVirt's eviction webhook for a running VM's virt-launcher pod, which
 * starts an evacuation (a live migration off the node); otherwise 201, the pod stops (kubelet's
 * Killing) and is deleted, and a ReplicaSet or StatefulSet makes its replacement, Pending and
 * then scheduled on a Ready, uncordoned node. Callers hold the {@link Simulation}'s lock.
 */
final class PodEvictions {

    static final String PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final Simulation sim;
    private final NodePlacement placement;
    private final VmMigrations migrations;
    private final EventRecorder events;
    private final ApiResources.Type pdbType;
    private final ApiResources.Type runtimeClassType;

    PodEvictions(Simulation sim, NodePlacement placement, VmMigrations migrations, EventRecorder events) {
        this.sim = sim;
        this.placement = placement;
        this.migrations = migrations;
        this.events = events;
        this.pdbType = sim.store.type("policy/v1", "PodDisruptionBudget");
        this.runtimeClassType = sim.store.type("node.k8s.io/v1", "RuntimeClass");
    }

    MockResponse evict(String ns, String name, String body) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.podType, ns, name);
        if (found.isEmpty()) {
            return Responses.notFound("pods", "", name);
        }
        try {
            GenericKubernetesResource eviction = body == null || body.isBlank() ? null
                    : Serialization.unmarshal(body, GenericKubernetesResource.class);
            if (eviction != null && eviction.getMetadata() != null && eviction.getMetadata().getName() != null
                    && !name.equals(eviction.getMetadata().getName())) {
                return Responses.badRequest("name in URL does not match name in Eviction object");
            }
        } catch (RuntimeException e) {
            return Responses.badRequest("not an Eviction: " + e.getMessage());
        }
        GenericKubernetesResource pod = found.get();
        String phase = ClusterStore.str(pod, "status", "phase");
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (!terminal && "virt-launcher".equals(Simulation.label(pod, "kubevirt.io"))) {
            Optional<MockResponse> evacuating = evacuate(pod);
            if (evacuating.isPresent()) {
                return evacuating.get();
            }
        }
        if (!terminal && healthy(pod)) {
            for (GenericKubernetesResource pdb : budgets(pod)) {
                Budget b = budget(pdb);
                if (b.healthy() - b.desired() <= 0) {
                    return tooManyRequests(PDB_MESSAGE, "DisruptionBudget", "The disruption budget "
                            + pdb.getMetadata().getName() + " needs " + b.desired() + " healthy pods and has "
                            + b.healthy() + " currently");
                }
            }
        }
        remove(pod);
        replace(pod);
        refreshBudgets(ns);
        Status ok = new StatusBuilder().withStatus("Success").withCode(201).withNewMetadata().endMetadata().build();
        return Responses.json(201, ok);
    }

    // --- disruption budgets ------------------------------------------------------------------------

    private record Budget(int expected, int healthy, int desired) {
    }

    private List<GenericKubernetesResource> budgets(GenericKubernetesResource pod) {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (GenericKubernetesResource pdb : sim.store.list(pdbType, pod.getMetadata().getNamespace(), null)) {
            if (selects(pdb, pod)) {
                out.add(pdb);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean selects(GenericKubernetesResource pdb, GenericKubernetesResource pod) {
        Object ml = pdb.get("spec", "selector", "matchLabels");
        if (!(ml instanceof Map<?, ?> m) || m.isEmpty()) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && ((Map<String, Object>) m).entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), labels.get(e.getKey())));
    }

    private Budget budget(GenericKubernetesResource pdb) {
        int expected = 0;
        int healthy = 0;
        for (GenericKubernetesResource p : sim.store.list(sim.podType, pdb.getMetadata().getNamespace(), null)) {
            if (selects(pdb, p)) {
                expected++;
                if (healthy(p)) {
                    healthy++;
                }
            }
        }
        Object min = pdb.get("spec", "minAvailable");
        Object max = pdb.get("spec", "maxUnavailable");
        int desired;
        if (min != null) {
            desired = scaled(min, expected, true);
        } else if (max != null) {
            desired = Math.max(0, expected - scaled(max, expected, true));
        } else {
            desired = expected;
        }
        return new Budget(expected, healthy, desired);
    }

    /** An IntOrString of a PDB ("50%" of {@code of}, rounded up as the disruption controller does). */
    private static int scaled(Object value, int of, boolean roundUp) {
        IntOrString v = value instanceof Number n ? new IntOrString(n.intValue()) : new IntOrString(String.valueOf(value));
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s.endsWith("%")) {
            double pct = Double.parseDouble(s.substring(0, s.length() - 1));
            double x = of * pct / 100.0;
            return (int) (roundUp ? Math.ceil(x) : Math.floor(x));
        }
        return Integer.parseInt(s);
    }

    /** Writes each budget's status as the disruption controller keeps it. */
    void refreshBudgets(String ns) {
        for (GenericKubernetesResource pdb : sim.store.list(pdbType, ns, null)) {
            Budget b = budget(pdb);
            int allowed = Math.max(0, b.healthy() - b.desired());
            Map<String, Object> st = ClusterStore.map(pdb, "status");
            if (Objects.equals(st.get("currentHealthy"), b.healthy()) && Objects.equals(st.get("expectedPods"), b.expected())
                    && Objects.equals(st.get("disruptionsAllowed"), allowed)) {
                continue;
            }
            st.put("currentHealthy", b.healthy());
            st.put("desiredHealthy", b.desired());
            st.put("expectedPods", b.expected());
            st.put("disruptionsAllowed", allowed);
            Map<String, Object> c = sim.condition("DisruptionAllowed", allowed > 0 ? "True" : "False",
                    allowed > 0 ? "SufficientPods" : "InsufficientPods", "");
            c.remove("lastProbeTime");
            c.put("observedGeneration", 1);
            st.put("conditions", List.of(c));
            sim.store.update(pdb);
        }
    }

    private static boolean healthy(GenericKubernetesResource pod) {
        return pod.getMetadata().getDeletionTimestamp() == null
                && "Running".equals(ClusterStore.str(pod, "status", "phase"))
                && "True".equals(ServerTables.condition(pod, "Ready"));
    }

    // --- KubeVirt's eviction webhook ---------------------------------------------------------------

    /** A running VMI's launcher pod is not deleted: KubeVirt migrates the VMI off the node instead. */
    private Optional<MockResponse> evacuate(GenericKubernetesResource pod) {
        String ns = pod.getMetadata().getNamespace();
        String vmiName = Simulation.label(pod, "vm.kubevirt.io/name");
        Optional<GenericKubernetesResource> vmi = vmiName == null ? Optional.empty()
                : sim.store.get(sim.vmiType, ns, vmiName);
        if (vmi.isEmpty() || !Objects.equals(ClusterStore.str(vmi.get(), "status", "nodeName"),
                ClusterStore.str(pod, "spec", "nodeName"))) {
            return Optional.empty(); // not (or no longer) the pod the VM runs in
        }
        String message = "admission webhook \"virt-launcher-eviction-interceptor.kubevirt.io\" denied the request: "
                + "Eviction triggered evacuation of VMI \"" + ns + "/" + vmiName + "\"";
        migrations.evacuate(vmi.get(), ClusterStore.str(pod, "spec", "nodeName"));
        return Optional.of(tooManyRequests(message, null, null));
    }

    // --- what the kubelet and the controllers do ---------------------------------------------------

    @SuppressWarnings("unchecked")
    private void remove(GenericKubernetesResource pod) {
        String node = ClusterStore.str(pod, "spec", "nodeName");
        if (node != null && "Running".equals(ClusterStore.str(pod, "status", "phase"))) {
            EventRecorder.Source kubelet = new EventRecorder.Source("kubelet", node);
            Object cs = pod.get("spec", "containers");
            if (cs instanceof List<?> l) {
                for (Object o : l) {
                    String c = String.valueOf(((Map<String, Object>) o).get("name"));
                    events.record(pod, "spec.containers{" + c + "}", "Killing", "Stopping container " + c, "Normal",
                            kubelet);
                }
            }
        }
        sim.store.delete(sim.podType, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    /** A ReplicaSet's (new name) or StatefulSet's (same name) replacement for an evicted pod. */
    @SuppressWarnings("unchecked")
    private void replace(GenericKubernetesResource old) {
        List<OwnerReference> owners = old.getMetadata().getOwnerReferences();
        OwnerReference owner = owners == null ? null
                : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        if (owner == null || !("ReplicaSet".equals(owner.getKind()) || "StatefulSet".equals(owner.getKind()))) {
            return;
        }
        String ns = old.getMetadata().getNamespace();
        boolean replicaSet = "ReplicaSet".equals(owner.getKind());
        String name = replicaSet ? owner.getName() + "-" + sim.suffix() : old.getMetadata().getName();
        Map<String, Object> spec = Serialization.jsonMapper().convertValue(old.getAdditionalProperties().get("spec"),
                Map.class);
        spec.remove("nodeName");
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp(sim.now().toString())
                .withGenerateName(replicaSet ? owner.getName() + "-" : null)
                .withLabels(new LinkedHashMap<>(old.getMetadata().getLabels() == null ? Map.of()
                        : old.getMetadata().getLabels()))
                .withAnnotations(old.getMetadata().getAnnotations())
                .withOwnerReferences(owner).build());
        pod.getAdditionalProperties().put("spec", spec);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Pending");
        status.put("qosClass", Objects.toString(old.get("status", "qosClass"), "Burstable"));
        pod.getAdditionalProperties().put("status", status);
        GenericKubernetesResource created = sim.store.create(pod);
        GenericKubernetesResource ownerObject = new GenericKubernetesResource();
        ownerObject.setApiVersion(owner.getApiVersion());
        ownerObject.setKind(owner.getKind());
        ownerObject.setMetadata(new ObjectMetaBuilder().withName(owner.getName()).withNamespace(ns)
                .withUid(owner.getUid()).build());
        events.normal(ownerObject, "SuccessfulCreate", replicaSet ? "Created pod: " + name
                : "create Pod " + name + " in StatefulSet " + owner.getName() + " successful",
                EventRecorder.Source.of(replicaSet ? "replicaset-controller" : "statefulset-controller"));
        boolean wasHealthy = healthy(old);
        Map<String, Object> oldStatuses = new LinkedHashMap<>(ClusterStore.map(old, "status"));
        String key = "pod/" + ns + "/" + name;
        long token = sim.bump(key);
        sim.later(key, token, () -> schedule(ns, name, created.getMetadata().getUid(), wasHealthy, oldStatuses, key,
                token, 0));
    }

    /** The scheduler's turn, then the kubelet's: Pending → scheduled → Running (or failing as the evicted pod was). */
    private void schedule(String ns, String name, String uid, boolean healthy, Map<String, Object> oldStatuses, String key, long token,
                          int attempt) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.podType, ns, name);
        if (found.isEmpty() || !uid.equals(found.get().getMetadata().getUid())) {
            return;
        }
        GenericKubernetesResource pod = found.get();
        Optional<String> node = nodeFor(pod);
        if (node.isEmpty()) {
            String why = "0/" + sim.store.list(sim.nodeType, null, null).size()
                    + " nodes are available: no Ready, schedulable node matches the pod's node selector.";
            ClusterStore.map(pod, "status").put("conditions", List.of(
                    sim.condition("PodScheduled", "False", "Unschedulable", why)));
            sim.store.update(pod);
            events.warning(pod, "FailedScheduling", why, EventRecorder.Source.of("default-scheduler"));
            if (attempt < 20) {
                sim.after(sim.step.multipliedBy(5), key, token, () -> schedule(ns, name, uid, healthy, oldStatuses, key,
                        token, attempt + 1));
            }
            return;
        }
        ClusterStore.map(pod, "spec").put("nodeName", node.get());
        Map<String, Object> st = ClusterStore.map(pod, "status");
        st.put("hostIP", placement.nodeIp(node.get()));
        st.put("startTime", sim.now().toString());
        st.put("conditions", List.of(sim.condition("PodScheduled", "True", null, null),
                sim.condition("Initialized", "True", null, null),
                sim.condition("Ready", "False", "ContainersNotReady", null)));
        st.put("containerStatuses", containerStatuses(pod, c -> Map.of("waiting", Map.of("reason", "ContainerCreating")),
                false));
        sim.store.update(pod);
        events.normal(pod, "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + node.get(),
                EventRecorder.Source.of("default-scheduler"));
        sim.later(key, token, () -> start(ns, name, uid, healthy, oldStatuses, node.get()));
    }

    @SuppressWarnings("unchecked")
    private void start(String ns, String name, String uid, boolean healthy, Map<String, Object> oldStatuses, String node) {
        Optional<GenericKubernetesResource> found = sim.store.get(sim.podType, ns, name);
        if (found.isEmpty() || !uid.equals(found.get().getMetadata().getUid())) {
            return;
        }
        GenericKubernetesResource pod = found.get();
        EventRecorder.Source kubelet = new EventRecorder.Source("kubelet", node);
        Map<String, Object> st = ClusterStore.map(pod, "status");
        String ip = placement.podIp(node);
        st.put("phase", "Running");
        st.put("podIP", ip);
        st.put("podIPs", List.of(Map.of("ip", ip)));
        if (healthy) {
            st.put("containerStatuses", containerStatuses(pod,
                    c -> Map.of("running", Map.of("startedAt", sim.now().toString())), true));
            st.put("conditions", List.of(sim.condition("PodScheduled", "True", null, null),
                    sim.condition("Initialized", "True", null, null), sim.condition("ContainersReady", "True", null, null),
                    sim.condition("Ready", "True", null, null)));
            for (Object o : (List<Object>) ClusterStore.map(pod, "spec").get("containers")) {
                Map<String, Object> c = (Map<String, Object>) o;
                String field = "spec.containers{" + c.get("name") + "}";
                events.record(pod, field, "Pulled", "Container image \"" + c.get("image") + "\" already present on machine",
                        "Normal", kubelet);
                events.record(pod, field, "Created", "Created container " + c.get("name"), "Normal", kubelet);
                events.record(pod, field, "Started", "Started container " + c.get("name"), "Normal", kubelet);
            }
        } else {
            // it fails as the evicted pod did: its phase, the same waiting reasons, fresh restart counts
            st.put("phase", Objects.toString(oldStatuses.get("phase"), "Pending"));
            for (String key : List.of("containerStatuses", "initContainerStatuses")) {
                if (oldStatuses.get(key) instanceof List<?> l) {
                    List<Object> cs = new ArrayList<>();
                    for (Object o : l) {
                        Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) o);
                        c.put("restartCount", 0);
                        c.remove("lastState");
                        c.remove("containerID");
                        c.put("ready", false);
                        cs.add(c);
                    }
                    st.put(key, cs);
                }
            }
            boolean initialised = !(oldStatuses.get("initContainerStatuses") instanceof List<?>)
                    || !"False".equals(conditionOf(oldStatuses, "Initialized"));
            st.put("conditions", List.of(sim.condition("PodScheduled", "True", null, null),
                    sim.condition("Initialized", initialised ? "True" : "False",
                            initialised ? null : "ContainersNotInitialized", null),
                    sim.condition("ContainersReady", "False", "ContainersNotReady", null),
                    sim.condition("Ready", "False", "ContainersNotReady", null)));
        }
        sim.store.update(pod);
        refreshBudgets(ns);
    }

    private static Object conditionOf(Map<String, Object> status, String type) {
        if (status.get("conditions") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> c && type.equals(c.get("type"))) {
                    return c.get("status");
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Object> containerStatuses(GenericKubernetesResource pod,
                                           java.util.function.Function<Map<String, Object>, Object> state,
                                           boolean ready) {
        List<Object> out = new ArrayList<>();
        for (Object o : (List<Object>) ClusterStore.map(pod, "spec").get("containers")) {
            Map<String, Object> c = (Map<String, Object>) o;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", c.get("name"));
            s.put("image", c.get("image"));
            s.put("ready", ready);
            s.put("restartCount", 0);
            s.put("started", ready);
            s.put("state", state.apply(c));
            if (ready) {
                s.put("containerID", "containerd://" + UUID.randomUUID().toString().replace("-", ""));
            }
            out.add(s);
        }
        return out;
    }

    /** The least busy Ready, uncordoned node that has the labels of the pod's and its RuntimeClass's node selectors. */
    @SuppressWarnings("unchecked")
    private Optional<String> nodeFor(GenericKubernetesResource pod) {
        Map<String, String> selector = new LinkedHashMap<>();
        Object ns = pod.get("spec", "nodeSelector");
        if (ns instanceof Map<?, ?> m) {
            m.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
        }
        Object rc = pod.get("spec", "runtimeClassName");
        if (rc != null) {
            sim.store.get(runtimeClassType, null, String.valueOf(rc)).ifPresent(r -> {
                Object sel = r.get("scheduling", "nodeSelector");
                if (sel instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
                }
            });
        }
        return placement.leastBusyNode(selector);
    }

    private static MockResponse tooManyRequests(String message, String causeReason, String causeMessage) {
        StatusBuilder b = new StatusBuilder().withStatus("Failure").withCode(429).withReason("TooManyRequests")
                .withMessage(message).withNewMetadata().endMetadata();
        if (causeReason != null) {
            b.withNewDetails().withCauses(new StatusCauseBuilder().withReason(causeReason).withMessage(causeMessage)
                    .build()).endDetails();
        }
        return Responses.json(429, b.build());
    }
}
