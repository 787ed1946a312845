package dev.wharf.views.connect;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the connections dialog needs from the connectors (the app implements it; views never
 * import fabric8 or libvirt).
 */
public interface ConnectionSupport {

    /** The contexts of a kubeconfig (empty: the default one), current first; throws a WharfException when unreadable. */
    List<String> contexts(Optional<Path> kubeconfig);

    /** Why a libvirt URI is malformed, or empty when it is fine. */
    Optional<String> validateLibvirtUri(String uri);

    /**
     * Tries the connection (off the UI thread). Completes with a short success text ("Connected:
     * 3 nodes, 41 pods") or exceptionally with a WharfException saying exactly what failed.
     */
    CompletableFuture<String> test(ConnectionEntry entry);
}
