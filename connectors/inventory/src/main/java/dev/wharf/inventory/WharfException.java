package dev.wharf.inventory;

/**
 * A failure a user can act on. Its message says what failed and what to do, in one sentence
 * or two, and is shown as it is: on stderr by the CLI, in a notification by the desktop.
 */
public class WharfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WharfException(String message) {
        super(message);
    }

    public WharfException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The user-facing message of {@code t}: its own if it is a WharfException (also when wrapped). */
    public static String userMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WharfException) {
                return c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
