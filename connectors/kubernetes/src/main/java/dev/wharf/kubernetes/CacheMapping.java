package dev.wharf.kubernetes;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.Tenant;
import dev.wharf.kubernetes.mapping.Ids;
import dev.wharf.kubernetes.mapping.NodeMapper;
import dev.wharf.kubernetes.mapping.Permissions;
import dev.wharf.kubernetes.mapping.PodMapper;
import dev.wharf.kubernetes.mapping.Tenants;
import dev.wharf.kubernetes.mapping.VmMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping half of a {@link KubernetesConnection}: which keys changed, and their mapping from
 * the current informer caches (never from event objects, never mutating them) into the
 * inventory. Marking is thread-safe; {@link #resync} and {@link #flush} run on the connection's worker.
 */
final class CacheMapping {
    static final String BY_RUNTIME_CLASS = "runtimeClass";
    static final String BY_VMI = "vmi";

    /** The informers of one generation. */
    record Informers(Watched<Node> nodes, Watched<Pod> pods, Watched<RuntimeClass> runtimeClasses,
                     Watched<GenericKubernetesResource> vms, Watched<GenericKubernetesResource> vmis,
                     Watched<GenericKubernetesResource> migrations, Watched<Namespace> namespaces) {
    }

    private final String sourceId;
    private final Ids ids;
    private final Inventory inventory;
    private final Permissions permissions;

    final Set<String> dirtyNodes = ConcurrentHashMap.newKeySet();
    final Set<String> dirtyPods = ConcurrentHashMap.newKeySet();
    final Set<String> dirtyVms = ConcurrentHashMap.newKeySet();
    final Set<String> dirtyRuntimeClasses = ConcurrentHashMap.newKeySet();
    final Set<String> dirtyNamespaces = ConcurrentHashMap.newKeySet();

    CacheMapping(String sourceId, Ids ids, Inventory inventory, Permissions permissions) {
        this.sourceId = sourceId;
        this.ids = ids;
        this.inventory = inventory;
        this.permissions = permissions;
    }

    /** Replaces everything of this source by the mapping of the informer caches: no ghost, nothing missing. */
    void resync(Informers w) {
        dirtyNodes.clear();
        dirtyPods.clear();
        dirtyVms.clear();
        dirtyRuntimeClasses.clear();
        dirtyNamespaces.clear();
        List<Node> nodeList = w.nodes().informer.getStore().list();
        List<Pod> podList = w.pods().informer.getStore().list();
        List<Item> items = new ArrayList<>(nodeList.size() + podList.size() + 16);
        for (Node n : nodeList) {
            items.add(NodeMapper.map(ids, n));
        }
        for (Pod p : podList) {
            items.add(mapPod(w, p));
        }
        Set<String> vmKeys = new LinkedHashSet<>(w.vms().informer.getStore().listKeys());
        vmKeys.addAll(w.vmis().informer.getStore().listKeys());
        for (String k : vmKeys) {
            Item vm = mapVm(w, k);
            if (vm != null) {
                items.add(vm);
            }
        }
        inventory.replaceAll(sourceId, items);
    }

    /** Maps what was marked since the last flush and writes it to the inventory. */
    void flush(Informers w) {
        for (String rc : drain(dirtyRuntimeClasses)) {
            for (Pod p : w.pods().informer.getIndexer().byIndex(BY_RUNTIME_CLASS, rc)) {
                dirtyPods.add(Cache.metaNamespaceKeyFunc(p));
            }
        }
        for (String ns : drain(dirtyNamespaces)) {
            for (Pod p : w.pods().informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
                dirtyPods.add(Cache.metaNamespaceKeyFunc(p));
            }
            for (Watched<GenericKubernetesResource> v : List.of(w.vms(), w.vmis())) {
                for (GenericKubernetesResource r : v.informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
                    dirtyVms.add(Cache.metaNamespaceKeyFunc(r));
                }
            }
        }
        List<Item> puts = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (String n : drain(dirtyNodes)) {
            Node node = w.nodes().get(n);
            if (node == null) {
                removes.add(ids.node(n));
            } else {
                puts.add(NodeMapper.map(ids, node));
            }
        }
        for (String k : drain(dirtyPods)) {
            Pod pod = w.pods().get(k);
            String[] nsName = k.split("/", 2);
            if (pod == null) {
                removes.add(ids.of(Kind.POD, nsName[0], nsName[1]));
                removes.add(ids.of(Kind.MICROVM, nsName[0], nsName[1]));
            } else {
                Item i = mapPod(w, pod);
                puts.add(i);
                // a RuntimeClass that arrived or changed may turn a pod into a microVM: drop the other id
                removes.add(ids.of(i.kind() == Kind.POD ? Kind.MICROVM : Kind.POD, nsName[0], nsName[1]));
            }
        }
        for (String k : drain(dirtyVms)) {
            Item vm = mapVm(w, k);
            if (vm == null) {
                String[] nsName = k.split("/", 2);
                removes.add(ids.of(Kind.VM, nsName[0], nsName[1]));
            } else {
                puts.add(vm);
            }
        }
        if (!puts.isEmpty()) {
            inventory.putAll(puts);
        }
        for (String r : removes) {
            inventory.remove(r);
        }
    }

    private static List<String> drain(Set<String> set) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = set.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    private Item mapPod(Informers w, Pod pod) {
        String rcName = pod.getSpec() == null ? null : pod.getSpec().getRuntimeClassName();
        RuntimeClass rc = rcName == null ? null : w.runtimeClasses().get(rcName);
        return PodMapper.map(ids, pod, rc, w.runtimeClasses().state != Watched.State.FORBIDDEN, permissions,
                tenant(w, pod.getMetadata().getNamespace()));
    }

    private Item mapVm(Informers w, String key) {
        GenericKubernetesResource vm = w.vms().get(key);
        GenericKubernetesResource vmi = w.vmis().get(key);
        if (vm == null && vmi == null) {
            return null;
        }
        GenericKubernetesResource migration = null;
        for (GenericKubernetesResource m : w.migrations().informer.getIndexer().byIndex(BY_VMI, key)) {
            if (!VmMapper.finished(m) && (migration == null || VmMigrations.newer(m, migration))) {
                migration = m;
            }
        }
        return VmMapper.map(ids, vm, vmi, migration, permissions,
                tenant(w, (vm != null ? vm : vmi).getMetadata().getNamespace()));
    }

    private static Tenant tenant(Informers w, String namespace) {
        return Tenants.of(namespace, w.namespaces().get(namespace));
    }
}
