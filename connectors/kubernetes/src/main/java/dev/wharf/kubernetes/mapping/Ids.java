package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Item ids of one source. Node ids are shared by every pod and VM on the node, so they are
 * made once (it keeps the inventory small: thousands of pods point at a few node ids).
 */
public final class Ids {
    private final String source;
    private final Map<String, String> nodes = new ConcurrentHashMap<>();

    public Ids(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public String node(String nodeName) {
        return nodeName == null || nodeName.isEmpty() ? null
                : nodes.computeIfAbsent(nodeName, n -> Item.idOf(source, Kind.NODE, null, n));
    }

    public String of(Kind kind, String namespace, String name) {
        return kind == Kind.NODE ? node(name) : Item.idOf(source, kind, namespace, name);
    }
}
