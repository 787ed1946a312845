package dev.wharf.kubernetes.console;

import dev.wharf.inventory.WharfException;

import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failed websocket handshake into a message a user can act on. */
final class Handshakes {
    private Handshakes() {
    }

    /** The HTTP status of a refused handshake, or -1 when the server was not reached. */
    static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WebSocketHandshakeException) {
                return ((WebSocketHandshakeException) c).getResponse().code();
            }
            if (!(c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() == c) {
                break;
            }
        }
        return -1;
    }

    /**
     * @param what       "the serial console of VM lab/db"
     * @param permission the RBAC rule that allows it ("get on virtualmachineinstances/console")
     */
    static WharfException failure(Throwable t, String what, String permission) {
        int code = status(t);
        String message = switch (code) {
            case 401 -> "Could not open " + what + ": the cluster did not accept your credentials (401). "
                    + "Log in again or check the kubeconfig.";
            case 403 -> "Could not open " + what + ": not allowed (403). Ask a cluster admin for " + permission + ".";
            case 404 -> "Could not open " + what + ": the API server does not know it (404). "
                    + "It may have been deleted, or KubeVirt is not installed.";
            case -1 -> "Could not open " + what + ": the API server did not answer (" + rootMessage(t)
                    + "). Check the connection, then reconnect.";
            default -> "Could not open " + what + ": the API server answered " + code + ". Reconnect later.";
        };
        return new WharfException(message, t);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
