package dev.wharf.app.desktop;

import java.util.Locale;

/**
 * Why the desktop window could not open, in the user's words: JavaFX's toolkit says "Unable to
 * load glass GTK library." when GTK 3 is missing and "Unable to open DISPLAY" when there is no
 * display (an ssh session, a container); the line says what to do about each.
 */
final class WindowProblem {
    static final String COMMAND_LINE = "Use the command line instead: wharf --help";

    private WindowProblem() {
    }

    /** The one line for stderr, from the toolkit's message (may be null). */
    static String line(String toolkitMessage) {
        String m = toolkitMessage == null ? "" : toolkitMessage.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("gtk")) {
            return "wharf: cannot open a window: JavaFX needs GTK 3 (Debian/Ubuntu: sudo apt install libgtk-3-0;"
                    + " Fedora: sudo dnf install gtk3). " + COMMAND_LINE;
        }
        if (lower.contains("display")) {
            return "wharf: cannot open a window: no display (DISPLAY is not set or its X server cannot be reached;"
                    + " over ssh use ssh -X). " + COMMAND_LINE;
        }
        return "wharf: cannot open a window" + (m.isEmpty() ? "" : " (" + m + ")") + ". " + COMMAND_LINE;
    }
}
