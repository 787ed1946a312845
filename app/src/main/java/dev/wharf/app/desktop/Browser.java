package dev.wharf.app.desktop;

import javafx.application.Application;
import javafx.application.HostServices;
import javafx.stage.Stage;

/**
 * Opens URLs in the user's browser through JavaFX's {@link HostServices} (xdg-open or a known
 * browser on Linux). The window is not started as an {@link Application}, so an Application object
 * of our own provides them; it is never launched.
 */
final class Browser {
    private static final HostServices HOST = new Application() {
        @Override
        public void start(Stage stage) {
            // never launched: only its HostServices are used
        }
    }.getHostServices();

    private Browser() {
    }

    static void open(String url) {
        HOST.showDocument(url);
    }
}
