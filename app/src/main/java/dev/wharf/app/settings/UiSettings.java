package dev.wharf.app.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's own preferences, {@code ui.properties} in the config directory: today the light or
 * dark theme the user chose. Holds no secret. A missing or unreadable file means "no choice yet";
 * writes are atomic (temp file, then move) and a failed write is logged, never fatal.
 */
public final class UiSettings {
    private static final Logger LOG = LoggerFactory.getLogger(UiSettings.class);
    private static final String THEME = "theme";
    private final Path file;

    public UiSettings(Path file) {
        this.file = file;
    }

    /** The settings in this machine's config directory. */
    public static UiSettings standard() {
        return new UiSettings(ConfigDirs.configDir().resolve("ui.properties"));
    }

    public Path file() {
        return file;
    }

    /** The theme the user chose: true for dark; empty when none was saved (follow the desktop). */
    public Optional<Boolean> dark() {
        String v = load().getProperty(THEME);
        if ("dark".equals(v)) {
            return Optional.of(true);
        }
        if ("light".equals(v)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** Remembers the theme (blocking I/O: call off the UI thread). */
    public void saveDark(boolean dark) {
        Properties p = load();
        p.setProperty(THEME, dark ? "dark" : "light");
        try {
            StringWriter w = new StringWriter();
            p.store(w, "Wharf window preferences");
            AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot save the theme choice to {}: {}", file, e.getMessage());
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
            }
        }
        return p;
    }
}
