package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** One watched kind of a {@link KubernetesConnection}: its informer and what we know of it. */
final class Watched<T extends HasMetadata> {
    enum State { PENDING, SYNCED, FORBIDDEN, ABSENT }

    final String label;
    final SharedIndexInformer<T> informer;
    final int generation;
    volatile State state = State.PENDING;

    Watched(String label, SharedIndexInformer<T> informer, int generation) {
        this.label = label;
        this.informer = informer;
        this.generation = generation;
    }

    T get(String key) {
        return informer.getStore().getByKey(key);
    }
}
