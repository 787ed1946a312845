package dev.wharf.views.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.PseudoClass;
import javafx.scene.Scene;

/**
 * Light or dark: sets the AtlantaFX user-agent theme (Primer), adds {@code wharf.css} to scenes,
 * flags their roots with {@code :dark} and tells Canvas views their {@link Palette}.
 */
public final class ThemeController {
    public static final String STYLESHEET = Objects.requireNonNull(
            ThemeController.class.getResource("/dev/wharf/views/wharf.css")).toExternalForm();
    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");

    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private final List<Scene> scenes = new ArrayList<>();
    private final List<Consumer<Palette>> palettes = new ArrayList<>();

    public ThemeController(boolean startDark) {
        dark.set(startDark);
        dark.addListener((o, a, b) -> apply());
        apply();
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public boolean isDark() {
        return dark.get();
    }

    public void setDark(boolean v) {
        dark.set(v);
    }

    public Palette palette() {
        return dark.get() ? Palette.DARK : Palette.LIGHT;
    }

    /** Styles a scene (and keeps it styled when the theme changes). */
    public void attach(Scene scene) {
        if (!scene.getStylesheets().contains(STYLESHEET)) {
            scene.getStylesheets().add(STYLESHEET);
        }
        scenes.add(scene);
        if (scene.getRoot() != null) {
            scene.getRoot().pseudoClassStateChanged(DARK, dark.get());
        }
    }

    /** Tells {@code f} the palette now and on every change. */
    public void onPalette(Consumer<Palette> f) {
        palettes.add(f);
        f.accept(palette());
    }

    private void apply() {
        Application.setUserAgentStylesheet(dark.get()
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        for (Scene s : scenes) {
            if (s.getRoot() != null) {
                s.getRoot().pseudoClassStateChanged(DARK, dark.get());
            }
        }
        for (Consumer<Palette> f : palettes) {
            f.accept(palette());
        }
    }
}
