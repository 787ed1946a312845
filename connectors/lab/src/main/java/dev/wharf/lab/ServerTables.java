package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Server-side printing, as the real API server does it when a client asks for
 * {@code application/json;as=Table;g=meta.k8s.io;v=v1} (kubectl's {@code get}): the columns
 * kubectl shows for pods, nodes, RuntimeClasses and KubeVirt's additionalPrinterColumns;
 * Name and Age for everything else.
 */
final class ServerTables {

    private record Column(String name, String type, String format, int priority,
                          Function<GenericKubernetesResource, Object> cell) {
    }

    private ServerTables() {
    }

    static boolean wantsTable(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /** A meta.k8s.io/v1 Table of a List answer (or of a single object). */
    static Map<String, Object> table(String plural, GenericKubernetesResource listOrObject, Instant now) {
        List<Column> cols = columns(plural, now);
        List<GenericKubernetesResource> items = new ArrayList<>();
        Object raw = listOrObject.getAdditionalProperties().get("items");
        if (listOrObject.getKind() != null && listOrObject.getKind().endsWith("List") || raw instanceof List) {
            if (raw instanceof List<?> l) {
                for (Object o : l) {
                    items.add(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                            .convertValue(o, GenericKubernetesResource.class));
                }
            }
        } else {
            items.add(listOrObject);
        }
        List<Map<String, Object>> defs = new ArrayList<>();
        for (Column c : cols) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", c.name());
            d.put("type", c.type());
            d.put("format", c.format());
            d.put("description", "");
            d.put("priority", c.priority());
            defs.add(d);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GenericKubernetesResource item : items) {
            List<Object> cells = new ArrayList<>();
            for (Column c : cols) {
                Object v = c.cell().apply(item);
                cells.add(v == null ? "<none>" : v);
            }
            Map<String, Object> partial = new LinkedHashMap<>();
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            partial.put("metadata", item.getMetadata());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cells", cells);
            row.put("object", partial);
            rows.add(row);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        Map<String, Object> meta = new LinkedHashMap<>();
        if (listOrObject.getMetadata() != null && listOrObject.getMetadata().getResourceVersion() != null) {
            meta.put("resourceVersion", listOrObject.getMetadata().getResourceVersion());
        }
        table.put("metadata", meta);
        table.put("columnDefinitions", defs);
        table.put("rows", rows);
        return table;
    }

    private static List<Column> columns(String plural, Instant now) {
        Column name = new Column("Name", "string", "name", 0, r -> r.getMetadata().getName());
        Column age = new Column("Age", "string", "", 0, r -> age(r.getMetadata().getCreationTimestamp(), now));
        switch (plural) {
            case "pods":
                return List.of(name,
                        new Column("Ready", "string", "", 0, ServerTables::podReady),
                        new Column("Status", "string", "", 0, ServerTables::podStatus),
                        new Column("Restarts", "string", "", 0, ServerTables::podRestarts),
                        age,
                        new Column("IP", "string", "", 1, r -> ClusterStore.str(r, "status", "podIP")),
                        new Column("Node", "string", "", 1, r -> ClusterStore.str(r, "spec", "nodeName")),
                        new Column("Nominated Node", "string", "", 1, r -> null),
                        new Column("Readiness Gates", "string", "", 1, r -> null));
            case "nodes":
                return List.of(name,
                        new Column("Status", "string", "", 0, ServerTables::nodeStatus),
                        new Column("Roles", "string", "", 0, ServerTables::nodeRoles),
                        age,
                        new Column("Version", "string", "", 0,
                                r -> ClusterStore.str(r, "status", "nodeInfo", "kubeletVersion")),
                        new Column("Internal-IP", "string", "", 1, ServerTables::nodeIp),
                        new Column("External-IP", "string", "", 1, r -> null),
                        new Column("OS-Image", "string", "", 1, r -> ClusterStore.str(r, "status", "nodeInfo", "osImage")),
                        new Column("Kernel-Version", "string", "", 1,
                                r -> ClusterStore.str(r, "status", "nodeInfo", "kernelVersion")),
                        new Column("Container-Runtime", "string", "", 1,
                                r -> ClusterStore.str(r, "status", "nodeInfo", "containerRuntimeVersion")));
            case "runtimeclasses":
                return List.of(name, new Column("Handler", "string", "", 0, r -> ClusterStore.str(r, "handler")), age);
            case "virtualmachines":
                return List.of(name, age,
                        new Column("Status", "string", "", 0, r -> ClusterStore.str(r, "status", "printableStatus")),
                        new Column("Ready", "string", "", 0, r -> {
                            Object v = r.get("status", "ready");
                            return v == null ? "False" : capital(String.valueOf(v));
                        }));
            case "virtualmachineinstances":
                return List.of(name, age,
                        new Column("Phase", "string", "", 0, r -> ClusterStore.str(r, "status", "phase")),
                        new Column("IP", "string", "", 0, r -> firstIp(r)),
                        new Column("NodeName", "string", "", 0, r -> ClusterStore.str(r, "status", "nodeName")),
                        new Column("Ready", "string", "", 0, r -> condition(r, "Ready")),
                        new Column("Live-Migratable", "string", "", 1, r -> condition(r, "LiveMigratable")),
                        new Column("Paused", "string", "", 1, r -> condition(r, "Paused")));
            case "virtualmachineinstancemigrations":
                return List.of(name,
                        new Column("Phase", "string", "", 0, r -> ClusterStore.str(r, "status", "phase")),
                        new Column("VMI", "string", "", 0, r -> ClusterStore.str(r, "spec", "vmiName")));
            case "poddisruptionbudgets":
                return List.of(name,
                        new Column("Min Available", "string", "", 0, r -> ClusterStore.str(r, "spec", "minAvailable")),
                        new Column("Max Unavailable", "string", "", 0, r -> ClusterStore.str(r, "spec", "maxUnavailable")),
                        new Column("Allowed Disruptions", "integer", "", 0,
                                r -> ClusterStore.str(r, "status", "disruptionsAllowed")),
                        age);
            case "events":
                return List.of(
                        new Column("Last Seen", "string", "", 0, r -> age(ClusterStore.str(r, "lastTimestamp"), now)),
                        new Column("Type", "string", "", 0, r -> ClusterStore.str(r, "type")),
                        new Column("Reason", "string", "", 0, r -> ClusterStore.str(r, "reason")),
                        new Column("Object", "string", "", 0, r -> java.util.Objects.toString(r.get("involvedObject", "kind"), "")
                                .toLowerCase(java.util.Locale.ROOT) + "/"
                                + java.util.Objects.toString(r.get("involvedObject", "name"), "")),
                        new Column("Subobject", "string", "", 1, r -> ClusterStore.str(r, "involvedObject", "fieldPath")),
                        new Column("Source", "string", "", 1, r -> ClusterStore.str(r, "source", "component")
                                + (r.get("source", "host") == null ? "" : ", " + ClusterStore.str(r, "source", "host"))),
                        new Column("Message", "string", "", 0, r -> ClusterStore.str(r, "message")),
                        new Column("First Seen", "string", "", 1, r -> age(ClusterStore.str(r, "firstTimestamp"), now)),
                        new Column("Count", "string", "", 1, r -> ClusterStore.str(r, "count")),
                        new Column("Name", "string", "name", 1, r -> r.getMetadata().getName()));
            case "namespaces":
                return List.of(name, new Column("Status", "string", "", 0, r -> ClusterStore.str(r, "status", "phase")),
                        age);
            default:
                return List.of(name, age);
        }
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @SuppressWarnings("unchecked")
    private static Object firstIp(GenericKubernetesResource r) {
        Object ifs = r.get("status", "interfaces");
        if (ifs instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
            return ((Map<String, Object>) m).get("ipAddress");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static String condition(GenericKubernetesResource r, String type) {
        Object cs = r.get("status", "conditions");
        if (cs instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && type.equals(((Map<String, Object>) m).get("type"))) {
                    return String.valueOf(((Map<String, Object>) m).get("status"));
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containerStatuses(GenericKubernetesResource r) {
        Object cs = r.get("status", "containerStatuses");
        return cs instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static Object podReady(GenericKubernetesResource r) {
        Object containers = r.get("spec", "containers");
        int total = containers instanceof List<?> l ? l.size() : 0;
        long ready = containerStatuses(r).stream().filter(c -> Boolean.TRUE.equals(c.get("ready"))).count();
        return ready + "/" + total;
    }

    private static Object podRestarts(GenericKubernetesResource r) {
        int n = 0;
        for (Map<String, Object> c : containerStatuses(r)) {
            Object v = c.get("restartCount");
            n += v instanceof Number num ? num.intValue() : 0;
        }
        return String.valueOf(n);
    }

    @SuppressWarnings("unchecked")
    private static Object podStatus(GenericKubernetesResource r) {
        if (r.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        String phase = ClusterStore.str(r, "status", "phase");
        Object inits = r.get("status", "initContainerStatuses");
        if (inits instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> c && c.get("state") instanceof Map<?, ?> st) {
                    if (st.get("waiting") instanceof Map<?, ?> w && w.get("reason") != null
                            && !"PodInitializing".equals(w.get("reason"))) {
                        return "Init:" + w.get("reason"); // as kubectl prints a failing init container
                    }
                    if (st.get("terminated") instanceof Map<?, ?> t && !Integer.valueOf(0).equals(t.get("exitCode"))) {
                        return "Init:" + t.get("reason");
                    }
                }
            }
        }
        String reason = phase;
        for (Map<String, Object> c : containerStatuses(r)) {
            Object state = c.get("state");
            if (state instanceof Map<?, ?> s) {
                Map<String, Object> st = (Map<String, Object>) s;
                if (st.get("waiting") instanceof Map<?, ?> w && ((Map<String, Object>) w).get("reason") != null) {
                    reason = String.valueOf(((Map<String, Object>) w).get("reason"));
                } else if (st.get("terminated") instanceof Map<?, ?> t
                        && ((Map<String, Object>) t).get("reason") != null) {
                    reason = String.valueOf(((Map<String, Object>) t).get("reason"));
                }
            }
        }
        return reason;
    }

    private static Object nodeStatus(GenericKubernetesResource r) {
        String ready = condition(r, "Ready");
        String s = "True".equals(ready) ? "Ready" : "NotReady";
        if (Boolean.TRUE.equals(r.get("spec", "unschedulable"))) {
            s += ",SchedulingDisabled";
        }
        return s;
    }

    private static Object nodeRoles(GenericKubernetesResource r) {
        List<String> roles = new ArrayList<>();
        Map<String, String> labels = r.getMetadata().getLabels();
        if (labels != null) {
            labels.keySet().stream().filter(k -> k.startsWith("node-role.kubernetes.io/"))
                    .map(k -> k.substring("node-role.kubernetes.io/".length())).sorted().forEach(roles::add);
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    @SuppressWarnings("unchecked")
    private static Object nodeIp(GenericKubernetesResource r) {
        Object as = r.get("status", "addresses");
        if (as instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && "InternalIP".equals(((Map<String, Object>) m).get("type"))) {
                    return ((Map<String, Object>) m).get("address");
                }
            }
        }
        return null;
    }

    /** kubectl's short age: 45s, 12m, 5h, 3d. */
    static String age(String timestamp, Instant now) {
        if (timestamp == null) {
            return "<unknown>";
        }
        Duration d = Duration.between(Instant.parse(timestamp), now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.getSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 3600 * 3) {
            return (s / 60) + "m";
        }
        if (s < 86400 * 2) {
            return (s / 3600) + "h";
        }
        return (s / 86400) + "d";
    }
}
