package dev.wharf.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.views.theme.DesktopThemeDetector;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DesktopThemeDetectorTest {
    @Test
    void gtkThemeNamingDarkMeansDark() {
        assertThat(new DesktopThemeDetector(Map.of("GTK_THEME", "Adwaita:dark"), c -> Optional.empty()).prefersDark())
                .contains(true);
    }

    @Test
    void gnomeColorSchemeDecides() {
        assertThat(new DesktopThemeDetector(Map.of(), c -> c[3].equals("color-scheme")
                ? Optional.of("'prefer-dark'") : Optional.empty()).prefersDark()).contains(true);
        assertThat(new DesktopThemeDetector(Map.of(), c -> c[3].equals("color-scheme")
                ? Optional.of("'default'") : Optional.of("'Yaru'")).prefersDark()).contains(false);
    }

    @Test
    void unknownWhenNothingTells() {
        assertThat(new DesktopThemeDetector(Map.of(), c -> Optional.empty()).prefersDark()).isEmpty();
    }
}
