package dev.wharf.inventory;

import java.util.List;
import java.util.Optional;

/** Facet: the status conditions of a pod, node or VM (and its VMI), in the source's order. */
public record Conditions(List<Condition> list) {

    public Conditions {
        list = List.copyOf(list);
    }

    /** The first condition of that type, of any object. */
    public Optional<Condition> get(String type) {
        return list.stream().filter(c -> c.type().equals(type)).findFirst();
    }
}
