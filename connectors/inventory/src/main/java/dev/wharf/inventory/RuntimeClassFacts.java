package dev.wharf.inventory;

import java.util.Map;

/**
 * The RuntimeClass a pod names, as far as it could be read (a facet of pods and microVMs that
 * name one).
 *
 * @param name         the class name the pod gives
 * @param status       found, missing, or not readable (RBAC)
 * @param handler      the class's handler; null unless found
 * @param podFixed     its {@code overhead.podFixed} (resource → quantity), empty when none or not found
 * @param nodeSelector its {@code scheduling.nodeSelector}, empty when none or not found
 */
public record RuntimeClassFacts(String name, Status status, String handler, Map<String, String> podFixed,
                                Map<String, String> nodeSelector) {
    public RuntimeClassFacts {
        podFixed = Map.copyOf(podFixed);
        nodeSelector = Map.copyOf(nodeSelector);
    }

    /** Whether the class could be read. */
    public enum Status { FOUND, MISSING, UNREADABLE }
}
