package dev.wharf.views.theme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Best-effort guess whether the desktop prefers a dark theme: {@code GTK_THEME} naming a dark
 * theme, or GNOME's {@code color-scheme} / {@code gtk-theme} settings. Runs a process: call it
 * off the JavaFX thread. Empty when it cannot tell.
 */
public final class DesktopThemeDetector {
    private final Map<String, String> env;
    private final Function<String[], Optional<String>> command;

    public DesktopThemeDetector() {
        this(System.getenv(), DesktopThemeDetector::run);
    }

    /** For tests: a given environment and command runner. */
    public DesktopThemeDetector(Map<String, String> env, Function<String[], Optional<String>> command) {
        this.env = env;
        this.command = command;
    }

    public Optional<Boolean> prefersDark() {
        String gtk = env.get("GTK_THEME");
        if (gtk != null && !gtk.isBlank()) {
            return Optional.of(gtk.toLowerCase(Locale.ROOT).contains("dark"));
        }
        Optional<String> scheme = command.apply(new String[] {"gsettings", "get", "org.gnome.desktop.interface", "color-scheme"});
        if (scheme.isPresent()) {
            String s = scheme.get().toLowerCase(Locale.ROOT);
            if (s.contains("prefer-dark")) {
                return Optional.of(true);
            }
            if (s.contains("prefer-light")) {
                return Optional.of(false);
            }
        }
        Optional<String> theme = command.apply(new String[] {"gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"});
        return theme.filter(t -> !t.isBlank()).map(t -> t.toLowerCase(Locale.ROOT).contains("dark"));
    }

    private static Optional<String> run(String[] cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
