package dev.wharf.inventory;

/**
 * A console that only one client may hold at a time is held by another one, and we asked not
 * to take it from them (KubeVirt's VNC with {@code preserveSession=true}). The user may take it
 * over: open again with {@link ConsoleRequest#withForce(boolean) force}.
 */
public class ConsoleBusyException extends WharfException {
    private static final long serialVersionUID = 1L;

    public ConsoleBusyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code t} or one of its causes says the console is busy. */
    public static boolean isBusy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConsoleBusyException) {
                return true;
            }
        }
        return false;
    }
}
