package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lab's API serves, as discovery tells kubectl: groups, versions and resource types
 * (with short names such as {@code vm}, {@code vmi}, {@code po}). One table for discovery, for
 * turning a fixture object into its URL, and for rejecting paths of types the lab does not serve.
 */
final class ApiResources {

    /** One resource type (or subresource, when {@code plural} holds a slash). */
    record Type(String group, String version, String plural, String singular, String kind, boolean namespaced,
                List<String> shortNames, List<String> verbs, List<String> categories) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        boolean subresource() {
            return plural.contains("/");
        }

        /** The collection URL, in a namespace when {@code namespace} is non-null and the type is namespaced. */
        String collectionPath(String namespace) {
            String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            return namespaced && namespace != null
                    ? base + "/namespaces/" + namespace + "/" + plural
                    : base + "/" + plural;
        }

        String objectPath(String namespace, String name) {
            return collectionPath(namespace) + "/" + name;
        }
    }

    private static final List<String> RW = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private static final List<String> RO = List.of("get", "list", "watch");

    private final Map<String, List<Type>> byGroupVersion = new LinkedHashMap<>();

    ApiResources() {
        // core
        add("", "v1", "pods", "pod", "Pod", true, List.of("po"), RW, List.of("all"));
        add("", "v1", "pods/exec", "", "PodExecOptions", true, List.of(), List.of("create", "get"), List.of());
        add("", "v1", "pods/attach", "", "PodAttachOptions", true, List.of(), List.of("create", "get"), List.of());
        add("", "v1", "pods/log", "", "Pod", true, List.of(), List.of("get"), List.of());
        add("", "v1", "pods/status", "", "Pod", true, List.of(), List.of("get", "patch", "update"), List.of());
        add("", "v1", "pods/eviction", "", "Eviction", true, List.of(), List.of("create"), List.of());
        add("", "v1", "nodes", "node", "Node", false, List.of("no"), RW, List.of());
        add("", "v1", "nodes/status", "", "Node", false, List.of(), List.of("get", "patch", "update"), List.of());
        add("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), RW, List.of());
        add("", "v1", "services", "service", "Service", true, List.of("svc"), RW, List.of("all"));
        add("", "v1", "endpoints", "endpoints", "Endpoints", true, List.of("ep"), RW, List.of());
        add("", "v1", "events", "event", "Event", true, List.of("ev"), RW, List.of());
        add("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), RW, List.of());
        add("", "v1", "secrets", "secret", "Secret", true, List.of(), RW, List.of());
        add("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), RW, List.of());
        add("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
                List.of("pvc"), RW, List.of());
        add("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, List.of("pv"), RW, List.of());
        // apps, batch
        add("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), RW, List.of("all"));
        add("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), RW, List.of("all"));
        add("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), RW, List.of("all"));
        add("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), RW, List.of("all"));
        add("batch", "v1", "jobs", "job", "Job", true, List.of(), RW, List.of("all"));
        add("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj"), RW, List.of("all"));
        add("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
                List.of("pdb"), RW, List.of());
        add("policy", "v1", "poddisruptionbudgets/status", "", "PodDisruptionBudget", true, List.of(),
                List.of("get", "patch", "update"), List.of());
        add("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), RW, List.of());
        add("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "", "SelfSubjectAccessReview", false,
                List.of(), List.of("create"), List.of());
        add("node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false, List.of(), RW, List.of());
        add("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, List.of("sc"), RW,
                List.of());
        // metrics-server (served by LabMetrics)
        add("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, List.of(), List.of("get", "list"), List.of());
        add("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, List.of(), List.of("get", "list"), List.of());
        // KubeVirt
        add("kubevirt.io", "v1", "virtualmachines", "virtualmachine", "VirtualMachine", true,
                List.of("vm", "vms"), RW, List.of("all"));
        add("kubevirt.io", "v1", "virtualmachines/status", "", "VirtualMachine", true, List.of(),
                List.of("get", "patch", "update"), List.of());
        add("kubevirt.io", "v1", "virtualmachineinstances", "virtualmachineinstance", "VirtualMachineInstance", true,
                List.of("vmi", "vmis"), RW, List.of("all"));
        add("kubevirt.io", "v1", "virtualmachineinstancemigrations", "virtualmachineinstancemigration",
                "VirtualMachineInstanceMigration", true, List.of("vmim", "vmims"), RW, List.of("all"));
        add("kubevirt.io", "v1", "kubevirts", "kubevirt", "KubeVirt", true, List.of("kv", "kvs"), RW, List.of("all"));
        add("snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshots", "virtualmachinesnapshot",
                "VirtualMachineSnapshot", true, List.of("vmsnapshot", "vmsnapshots"), RW, List.of("all"));
        add("snapshot.kubevirt.io", "v1beta1", "virtualmachinerestores", "virtualmachinerestore",
                "VirtualMachineRestore", true, List.of("vmrestore", "vmrestores"), RW, List.of("all"));
        for (String sub : List.of("start", "stop", "restart", "migrate")) {
            add("subresources.kubevirt.io", "v1", "virtualmachines/" + sub, "", "", true, List.of(),
                    List.of("update"), List.of());
        }
        for (String sub : List.of("console", "vnc")) {
            add("subresources.kubevirt.io", "v1", "virtualmachineinstances/" + sub, "", "", true, List.of(),
                    List.of("get"), List.of());
        }
        for (String sub : List.of("pause", "unpause")) {
            add("subresources.kubevirt.io", "v1", "virtualmachineinstances/" + sub, "", "", true, List.of(),
                    List.of("update"), List.of());
        }
    }

    private void add(String group, String version, String plural, String singular, String kind, boolean namespaced,
                     List<String> shortNames, List<String> verbs, List<String> categories) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        byGroupVersion.computeIfAbsent(gv, k -> new ArrayList<>())
                .add(new Type(group, version, plural, singular, kind, namespaced, shortNames, verbs, categories));
    }

    /** The type of objects whose apiVersion/kind are these. */
    Optional<Type> byKind(String apiVersion, String kind) {
        return byGroupVersion.getOrDefault(apiVersion, List.of()).stream()
                .filter(t -> !t.subresource() && t.kind().equals(kind)).findFirst();
    }

    Optional<Type> byPlural(String group, String version, String plural) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        return byGroupVersion.getOrDefault(gv, List.of()).stream()
                .filter(t -> t.plural().equals(plural)).findFirst();
    }

    boolean servesGroupVersion(String groupVersion) {
        return byGroupVersion.containsKey(groupVersion);
    }

    APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder().withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress).build();
    }

    APIGroupList groups() {
        Map<String, APIGroup> groups = new LinkedHashMap<>();
        for (String gv : byGroupVersion.keySet()) {
            int slash = gv.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String group = gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            groups.put(group, new APIGroupBuilder().withName(group)
                    .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(version).build())
                    .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion(gv)
                            .withVersion(version).build())
                    .build());
        }
        return new APIGroupListBuilder().withGroups(new ArrayList<>(groups.values())).build();
    }

    Optional<APIResourceList> resources(String groupVersion) {
        List<Type> types = byGroupVersion.get(groupVersion);
        if (types == null) {
            return Optional.empty();
        }
        List<APIResource> list = new ArrayList<>();
        for (Type t : types) {
            boolean eviction = t.plural().equals("pods/eviction"); // its kind is policy/v1's, as kubectl drain checks
            list.add(new APIResourceBuilder().withName(t.plural()).withSingularName(t.singular())
                    .withGroup(eviction ? "policy" : null).withVersion(eviction ? "v1" : null)
                    .withNamespaced(t.namespaced()).withKind(t.kind()).withVerbs(t.verbs())
                    .withShortNames(t.shortNames().isEmpty() ? null : t.shortNames())
                    .withCategories(t.categories().isEmpty() ? null : t.categories())
                    .build());
        }
        return Optional.of(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(list).build());
    }
}
