package dev.wharf.views.connect;

import dev.wharf.inventory.SourceType;

import java.util.Objects;

/**
 * A saved connection: a Kubernetes context (of a kubeconfig file) or a libvirt URI. Never holds a
 * secret: credentials stay in the kubeconfig, the SSH agent or the prompt.
 *
 * @param kubeconfig the kubeconfig file; null for the default ($KUBECONFIG or ~/.kube/config)
 * @param readOnly   a read-only connection: Wharf shows it and changes nothing through it
 */
public record ConnectionEntry(SourceType type, String kubeconfig, String context, String uri, boolean readOnly) {
    public ConnectionEntry {
        Objects.requireNonNull(type, "type");
        if (type == SourceType.KUBERNETES) {
            Objects.requireNonNull(context, "context");
        } else {
            Objects.requireNonNull(uri, "uri");
        }
    }

    public static ConnectionEntry kubernetes(String kubeconfig, String context) {
        return new ConnectionEntry(SourceType.KUBERNETES, kubeconfig == null || kubeconfig.isBlank() ? null : kubeconfig,
                context, null, false);
    }

    public static ConnectionEntry libvirt(String uri) {
        return new ConnectionEntry(SourceType.LIBVIRT, null, null, uri, false);
    }

    /** The same connection, read-only or not. */
    public ConnectionEntry withReadOnly(boolean ro) {
        return new ConnectionEntry(type, kubeconfig, context, uri, ro);
    }

    /** What the list shows. */
    public String label() {
        return (type == SourceType.KUBERNETES
                ? context + (kubeconfig == null ? "" : "  (" + kubeconfig + ")")
                : uri) + (readOnly ? "  \u00b7 READ-ONLY" : "");
    }
}
