package dev.wharf.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Snapshots;
import dev.wharf.inventory.State;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A KubeVirt VM's snapshots: {@code VirtualMachineSnapshot} objects ({@code snapshot.kubevirt.io/v1beta1})
 * whose {@code spec.source} is the VM, restored by creating a {@code VirtualMachineRestore} (which KubeVirt
 * runs only on a stopped VM). Raw JSON through {@link ApiCalls}: no typed KubeVirt model exists. A cluster
 * without the snapshot API (404 on the group) says so, and is not asked again for writes.
 */
final class KubeVirtSnapshots implements Snapshots {
    static final String API = "/apis/snapshot.kubevirt.io/v1beta1/namespaces/";
    static final String API_VERSION = "snapshot.kubevirt.io/v1beta1";
    /** KubeVirt snapshots have no description: Wharf keeps it in this annotation. */
    static final String DESCRIPTION = "wharf.dev/description";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sourceId;
    private final ApiCalls api;
    private final CachedObjects caches;
    private final Clock clock;
    private volatile boolean apiMissing;

    KubeVirtSnapshots(String sourceId, ApiCalls api, CachedObjects caches, Clock clock) {
        this.sourceId = sourceId;
        this.api = api;
        this.caches = caches;
        this.clock = clock;
    }

    @Override
    public boolean covers(Item item) {
        return sourceId.equals(item.source()) && item.kind() == Kind.VM;
    }

    static String missingApi() {
        return "This cluster has no snapshot API (snapshot.kubevirt.io/v1beta1 answers 404): KubeVirt's Snapshot "
                + "feature gate is off or KubeVirt is older than 1.0. Ask a cluster admin to enable it.";
    }

    @Override
    public CompletableFuture<Listing> list(Item item) {
        String ns = item.namespace();
        return api.send("GET", API + ns + "/virtualmachinesnapshots", null, null).thenCombine(
                api.send("GET", API + ns + "/virtualmachinerestores", null, null), (snaps, restores) -> {
                    if (snaps.code() == 404) {
                        apiMissing = true;
                        return new Listing(List.of(), missingApi(), List.of(), false);
                    }
                    apiMissing = false;
                    List<Snapshot> out = new ArrayList<>();
                    for (Map<String, Object> o : items(check(snaps, "List the snapshots of " + item.name()))) {
                        if (item.name().equals(str(o, "spec", "source", "name"))) {
                            out.add(snapshot(o));
                        }
                    }
                    out.sort(Comparator.comparing((Snapshot s) -> s.created() == null ? Instant.MAX : s.created())
                            .thenComparing(Snapshot::name));
                    List<String> notes = new ArrayList<>(volumeNotes(caches.vm(ns + "/" + item.name())));
                    if (restores.code() / 100 == 2) {
                        notes.addAll(restoreNotes(items(restores.body()), item.name()));
                    }
                    return new Listing(out, null, notes, false);
                });
    }

    @Override
    public CompletableFuture<Void> create(Item item, String name, String description, boolean withMemory) {
        if (apiMissing) {
            return CompletableFuture.failedFuture(new WharfException(missingApi()));
        }
        String bad = badName(name);
        if (bad != null) {
            return CompletableFuture.failedFuture(new WharfException(bad));
        }
        if (withMemory) {
            return CompletableFuture.failedFuture(new WharfException("KubeVirt snapshots hold disks only, not memory: "
                    + "take a disk-only snapshot of " + item.name() + "."));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", item.namespace());
        if (description != null && !description.isBlank()) {
            metadata.put("annotations", Map.of(DESCRIPTION, description));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", API_VERSION);
        body.put("kind", "VirtualMachineSnapshot");
        body.put("metadata", metadata);
        body.put("spec", Map.of("source", source(item)));
        return write("POST", API + item.namespace() + "/virtualmachinesnapshots", body,
                "Snapshot " + item.name(), name);
    }

    @Override
    public CompletableFuture<Void> revert(Item item, String name) {
        if (apiMissing) {
            return CompletableFuture.failedFuture(new WharfException(missingApi()));
        }
        if (item.state() != State.STOPPED) {
            return CompletableFuture.failedFuture(new StopFirst("VM " + item.name() + " is " + item.status()
                    + ": KubeVirt restores a snapshot only into a stopped VM. Stop it first, then restore " + name + "."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", API_VERSION);
        body.put("kind", "VirtualMachineRestore");
        body.put("metadata", Map.of("name", restoreName(name), "namespace", item.namespace()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("target", source(item));
        spec.put("virtualMachineSnapshotName", name);
        body.put("spec", spec);
        return write("POST", API + item.namespace() + "/virtualmachinerestores", body,
                "Restore " + item.name() + " to " + name, null);
    }

    @Override
    public CompletableFuture<Void> delete(Item item, String name, boolean withChildren) {
        return api.send("DELETE", API + item.namespace() + "/virtualmachinesnapshots/" + name, ApiCalls.JSON, null)
                .thenApply(resp -> {
                    if (resp.code() == 404) {
                        throw new WharfException(item.name() + " has no snapshot named " + name
                                + " (or the cluster has no snapshot API): list them with 'wharf snapshot list'.");
                    }
                    check(resp, "Delete snapshot " + name + " of " + item.name());
                    return null;
                });
    }

    /** {@code restore-SNAPSHOT-TIME}: one per restore, cut to a valid object name. */
    private String restoreName(String snapshot) {
        String suffix = "-" + Long.toString(clock.millis() / 1000, 36);
        String head = "restore-" + snapshot;
        return (head.length() + suffix.length() > 253 ? head.substring(0, 253 - suffix.length()) : head) + suffix;
    }

    private static Map<String, Object> source(Item item) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("apiGroup", KubeVirt.GROUP);
        s.put("kind", "VirtualMachine");
        s.put("name", item.name());
        return s;
    }

    private CompletableFuture<Void> write(String method, String path, Map<String, Object> body, String what, String name) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new WharfException(what + " failed: " + e.getMessage(), e));
        }
        return api.send(method, path, ApiCalls.JSON, json).thenApply(resp -> {
            if (resp.code() == 404) {
                apiMissing = true;
                throw new WharfException(missingApi());
            }
            if (resp.code() == 409 && name != null) {
                throw new WharfException("A snapshot named " + name + " already exists: choose another name.");
            }
            check(resp, what);
            return null;
        });
    }

    private static String check(HttpResponse<String> resp, String what) {
        if (resp.code() / 100 != 2) {
            String m = KubernetesErrors.serverMessage(resp.body());
            throw new WharfException(what + " failed: the API server answered " + resp.code()
                    + (m.isEmpty() ? "" : ": " + m) + (resp.code() == 403
                    ? ". Ask a cluster admin for access to snapshot.kubevirt.io in this namespace." : "."));
        }
        return resp.body();
    }

    /** One {@code VirtualMachineSnapshot} as Wharf shows it. */
    @SuppressWarnings("unchecked")
    static Snapshot snapshot(Map<String, Object> o) {
        Map<String, Object> meta = (Map<String, Object>) o.getOrDefault("metadata", Map.of());
        Map<String, Object> annotations = (Map<String, Object>) meta.getOrDefault("annotations", Map.of());
        String created = str(o, "status", "creationTime");
        if (created == null) {
            created = (String) meta.get("creationTimestamp");
        }
        Object ready = get(o, "status", "readyToUse");
        List<String> indications = new ArrayList<>();
        if (get(o, "status", "indications") instanceof List<?> l) {
            l.forEach(x -> indications.add(String.valueOf(x)));
        }
        String error = str(o, "status", "error", "message");
        if (error == null && get(o, "status", "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && "Failure".equals(m.get("type")) && "True".equals(m.get("status"))) {
                    error = String.valueOf(m.get("reason") == null ? m.get("message") : m.get("reason")
                            + (m.get("message") == null ? "" : ": " + m.get("message")));
                }
            }
        }
        return new Snapshot(String.valueOf(meta.get("name")), String.valueOf(annotations.getOrDefault(DESCRIPTION, "")),
                created == null ? null : Instant.parse(created), null, false, null, false,
                str(o, "status", "phase"), ready instanceof Boolean b ? b : null, indications, error);
    }

    /** The VM's {@code status.volumeSnapshotStatuses}: the disks a snapshot leaves out, and why. */
    static List<String> volumeNotes(GenericKubernetesResource vm) {
        List<String> out = new ArrayList<>();
        if (vm != null && vm.get("status", "volumeSnapshotStatuses") instanceof List<?> l) {
            for (Object v : l) {
                if (v instanceof Map<?, ?> m && !Boolean.TRUE.equals(m.get("enabled"))) {
                    out.add("Disk " + m.get("name") + " is left out of snapshots"
                            + (m.get("reason") == null ? "." : ": " + m.get("reason")));
                }
            }
        }
        return out;
    }

    /** Restores of this VM not yet complete, or failed: what they are doing. */
    static List<String> restoreNotes(List<Map<String, Object>> restores, String vm) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : restores) {
            if (!vm.equals(str(r, "spec", "target", "name")) || Boolean.TRUE.equals(get(r, "status", "complete"))) {
                continue;
            }
            String why = null;
            if (get(r, "status", "conditions") instanceof List<?> conditions) {
                for (Object c : conditions) {
                    if (c instanceof Map<?, ?> m && m.get("reason") != null && !"True".equals(m.get("status"))) {
                        why = m.get("reason") + (m.get("message") == null ? "" : ": " + m.get("message"));
                    }
                }
            }
            out.add("Restore to " + str(r, "spec", "virtualMachineSnapshotName") + " is not complete"
                    + (why == null ? " yet." : ": " + why));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(String body) {
        try {
            Object items = JSON.readValue(body, Map.class).get("items");
            return items instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        } catch (JsonProcessingException e) {
            throw new WharfException("The API server's snapshot list is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static Object get(Map<String, Object> o, String... path) {
        Object cur = o;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    private static String str(Map<String, Object> o, String... path) {
        Object v = get(o, path);
        return v == null ? null : v.toString();
    }

    /** Null when {@code name} is a valid object name (DNS-1123 subdomain); else what is wrong. */
    static String badName(String name) {
        if (name == null || name.isBlank()) {
            return "A snapshot needs a name.";
        }
        if (name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            return "Snapshot name '" + name + "' is not allowed: use lower-case letters, digits, '-' and '.', "
                    + "starting and ending with a letter or digit.";
        }
        return null;
    }
}
