package dev.wharf.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiSettingsTest {
    @Test
    void theThemeChoiceSurvivesARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wharf").resolve("ui.properties");
        assertThat(new UiSettings(file).dark()).as("no choice yet: follow the desktop").isEmpty();
        new UiSettings(file).saveDark(true);
        assertThat(new UiSettings(file).dark()).contains(true);
        new UiSettings(file).saveDark(false);
        assertThat(new UiSettings(file).dark()).contains(false);
        assertThat(Files.readString(file)).contains("theme=light");
        try (var list = Files.list(file.getParent())) {
            assertThat(list).as("no temp file left behind").containsExactly(file);
        }
    }

    @Test
    void aBrokenFileMeansNoChoice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ui.properties");
        Files.writeString(file, "theme=\\u12");
        assertThat(new UiSettings(file).dark()).isEmpty();
        Files.writeString(file, "theme=purple\n");
        assertThat(new UiSettings(file).dark()).isEmpty();
    }
}
