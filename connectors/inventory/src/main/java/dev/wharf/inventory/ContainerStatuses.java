package dev.wharf.inventory;

import java.util.List;

/** Facet: a pod's containers, init containers first, each with its state, reason and restarts. */
public record ContainerStatuses(List<ContainerStatus> list) {

    public ContainerStatuses {
        list = List.copyOf(list);
    }
}
