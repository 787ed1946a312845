package dev.wharf.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Wharf keeps its settings: {@code $XDG_CONFIG_HOME/wharf} (else {@code ~/.config/wharf}) on
 * Linux, {@code ~/Library/Application Support/Wharf} on macOS, {@code %APPDATA%\Wharf} on Windows.
 */
public final class ConfigDirs {
    private ConfigDirs() {
    }

    /** The directory for this machine. */
    public static Path configDir() {
        return configDir(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    /** The directory for an environment, an {@code os.name} and a home directory (pure, for tests). */
    public static Path configDir(Map<String, String> env, String osName, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData == null || appData.isBlank() ? home.resolve("AppData").resolve("Roaming") : Path.of(appData);
            return base.resolve("Wharf");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return home.resolve("Library").resolve("Application Support").resolve("Wharf");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? home.resolve(".config") : Path.of(xdg);
        return base.resolve("wharf");
    }
}
