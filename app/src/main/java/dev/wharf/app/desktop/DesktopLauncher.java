package dev.wharf.app.desktop;

import dev.wharf.app.SourceOptions;

/** Opens the desktop window on the chosen sources (the saved connections and the lab when none). */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /** Runs the window until it is closed; returns the process exit code. */
    public static int launch(SourceOptions options) {
        throw new UnsupportedOperationException("desktop not built yet");
    }
}
