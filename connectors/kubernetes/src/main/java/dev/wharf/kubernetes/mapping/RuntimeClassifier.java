package dev.wharf.kubernetes.mapping;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Kind;
import java.util.Locale;

/**
 * The pod → microVM decision: by RuntimeClass <em>handler</em>, never by class name (admins
 * name classes freely). Kata handlers ({@code kata}, {@code kata-*}) and Firecracker
 * ({@code aws.firecracker}) are microVMs; gVisor ({@code runsc}) is a sandbox, shown as a
 * microVM; anything else is a container.
 */
public final class RuntimeClassifier {
    /** Handler of pods without a RuntimeClass. */
    public static final String DEFAULT_HANDLER = "runc";

    private RuntimeClassifier() {
    }

    public static Isolation isolationOfHandler(String handler) {
        String h = handler == null ? "" : handler.trim().toLowerCase(Locale.ROOT);
        if (h.equals("kata") || h.startsWith("kata-") || h.equals("aws.firecracker")) {
            return Isolation.MICROVM;
        }
        if (h.equals("runsc")) {
            return Isolation.SANDBOX;
        }
        return Isolation.CONTAINER;
    }

    /**
     * A guess from a class name, only when the RuntimeClass cannot be read: the usual names of
     * kata-deploy, Firecracker and gVisor classes.
     */
    public static Isolation guessFromClassName(String className) {
        String n = className == null ? "" : className.trim().toLowerCase(Locale.ROOT);
        if (n.contains("kata") || n.contains("firecracker")) {
            return Isolation.MICROVM;
        }
        if (n.contains("gvisor") || n.contains("runsc")) {
            return Isolation.SANDBOX;
        }
        return Isolation.CONTAINER;
    }

    public static Kind kindOf(Isolation isolation) {
        return isolation == Isolation.CONTAINER ? Kind.POD : Kind.MICROVM;
    }
}
