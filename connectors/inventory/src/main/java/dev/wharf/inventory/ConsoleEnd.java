package dev.wharf.inventory;

/**
 * Why a console stream ended.
 *
 * @param reason   the kind of end, for a status line and for reconnect decisions
 * @param message  what happened, in the user's words
 * @param exitCode for a shell that exited: its exit status; else null
 */
public record ConsoleEnd(Reason reason, String message, Integer exitCode) {

    public enum Reason {
        /** Closed by the user (or by Wharf). */
        CLOSED,
        /** The guest stopped or powered off. */
        GUEST_STOPPED,
        /** The connection to the host or API server dropped. */
        CONNECTION_LOST,
        /** Another client took the console over. */
        TAKEN_OVER,
        /** The shell or process exited. */
        EXITED,
        /** Anything else; the message says what. */
        ERROR
    }

    public static ConsoleEnd closed() {
        return new ConsoleEnd(Reason.CLOSED, "closed", null);
    }

    public static ConsoleEnd of(Reason reason, String message) {
        return new ConsoleEnd(reason, message, null);
    }

    /** Whether reconnecting makes sense on its own (not after the user closed or another took over). */
    public boolean reconnectable() {
        return reason == Reason.CONNECTION_LOST || reason == Reason.GUEST_STOPPED || reason == Reason.ERROR;
    }
}
