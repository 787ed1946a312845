package dev.wharf.inventory;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * A running port-forward (see {@link PortForwarder}): one local listening port, any number of
 * connections through it at once. Counters and status are safe to read from any thread.
 */
public interface Forward extends AutoCloseable {

    /** What is forwarded to, as the user knows it ("pod shop/storefront-x", "VM shop/legacy-erp"). */
    String target();

    /** The id of the item forwarded to. */
    String itemId();

    /** The address listened on ("127.0.0.1"). */
    String bindAddress();

    /** The local port actually bound. */
    int localPort();

    /** The port in the pod or VM. */
    int remotePort();

    Status status();

    /** Bytes sent to the pod or VM so far. */
    long bytesOut();

    /** Bytes received from the pod or VM so far. */
    long bytesIn();

    /** Connections open now. */
    int openConnections();

    /** Connections accepted so far. */
    long totalConnections();

    /** Hears every status change (on a connector thread); the current status first. */
    void onStatus(Consumer<Status> listener);

    /** Stops listening and closes every connection. Harmless when stopped. */
    void stop();

    @Override
    default void close() {
        stop();
    }

    /** The state of a forward. */
    enum State {
        /** Listening; streams to the target open. */
        ACTIVE,
        /** A stream broke; checking the target and opening a fresh stream. New connections still try. */
        RECONNECTING,
        /** The pod or VM is gone (deleted, stopped): nothing to forward to. The local port is released. */
        TARGET_GONE,
        /** Cannot forward (refused, not allowed); the message says why and what to do. */
        FAILED,
        /** Stopped by the user. */
        STOPPED;

        /** Lower case with spaces, for lists and the CLI ("target gone"). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * @param state   the state
     * @param message empty when all is well; else one sentence saying what happened and what to do
     *                (ACTIVE may carry the last connection's error, e.g. "connection refused")
     */
    record Status(State state, String message) {
        public Status {
            message = message == null ? "" : message;
        }

        public static Status active() {
            return new Status(State.ACTIVE, "");
        }
    }

    /** A port that is most likely a web server (a name starting with "http" or a usual web port number). */
    static boolean looksLikeHttp(int port, String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.startsWith("http") || n.equals("web") || n.equals("ui")) {
            return !n.startsWith("https");
        }
        return switch (port) {
            case 80, 3000, 5000, 8000, 8080, 8081, 8888, 9090 -> true;
            default -> false;
        };
    }
}
