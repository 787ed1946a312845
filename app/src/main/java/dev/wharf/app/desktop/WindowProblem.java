package dev.wharf.app.desktop;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the desktop window could not open, in the user's words: JavaFX's toolkit says "Unable to
 * load glass GTK library." when GTK 3 is missing, throws an {@code UnsatisfiedLinkError} for
 * {@code glassgtk3} when a library it links is missing (libXtst), and says "Unable to open
 * DISPLAY" when there is no display (an ssh session, a container); the line says what to do.
 */
final class WindowProblem {
    static final String COMMAND_LINE = "Use the command line instead: wharf --help";
    static final String NEEDS_GTK = "wharf: cannot open a window: JavaFX needs GTK 3 (Debian/Ubuntu: sudo apt install"
            + " libgtk-3-0 libxtst6; Fedora: sudo dnf install gtk3 libXtst). " + COMMAND_LINE;

    private WindowProblem() {
    }

    /** The one line for stderr, from the toolkit's message (may be null). */
    static String line(String toolkitMessage) {
        String m = toolkitMessage == null ? "" : toolkitMessage.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("gtk")) {
            return NEEDS_GTK;
        }
        if (lower.contains("display")) {
            return "wharf: cannot open a window: no display (DISPLAY is not set or its X server cannot be reached;"
                    + " over ssh use ssh -X). " + COMMAND_LINE;
        }
        return "wharf: cannot open a window" + (m.isEmpty() ? "" : " (" + m + ")") + ". " + COMMAND_LINE;
    }

    /** The line for a failure to load the toolkit's native glass library; empty for anything else. */
    static Optional<String> nativeLibraryFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsatisfiedLinkError && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("glass")) {
                return Optional.of(NEEDS_GTK);
            }
        }
        return Optional.empty();
    }
}
