package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.stream.Stream;

/**
 * An informer's store that keeps what Wharf reads and drops {@code metadata.managedFields}: the
 * server-side-apply bookkeeping that every object from a real API server carries (a pod's
 * kube-controller-manager and kubelet entries), which Wharf never shows or reads and which fabric8
 * holds as trees of generic maps — the largest share of a cached pod's heap (see the benchmark in
 * this module's README).
 *
 * <p>The object is trimmed as it enters the store, before any reader can see it: it has just been
 * deserialized from a list or watch event and is not yet a cache object (client-go's
 * {@code SetTransform} does the same, for the same reason). Objects already in the store are never
 * changed. Pods keep only what Wharf reads ({@link PodTrim}).
 */
final class LeanStore<T extends HasMetadata> implements ItemStore<T> {
    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    /** What the store keeps of an object arriving from the server (the same object, trimmed). */
    static <T extends HasMetadata> T trim(T obj) {
        if (obj != null && obj.getMetadata() != null && obj.getMetadata().getManagedFields() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        if (obj instanceof Pod pod) {
            PodTrim.trim(pod);
        }
        return obj;
    }

    @Override
    public String getKey(T obj) {
        return store.getKey(obj);
    }

    @Override
    public T put(String key, T obj) {
        return store.put(key, trim(obj));
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
