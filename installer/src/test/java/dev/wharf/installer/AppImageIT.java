package dev.wharf.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The app image under installer/target/image/wharf, run the way a user runs it: through its launcher. */
class AppImageIT {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final Pattern HEX = Pattern.compile("\\b[0-9a-f]{7,40}\\b");

    private final Path image = Command.builtPath("wharf.image");
    private final Path launcher = image.resolve("bin/wharf");

    @Test
    void versionNamesTheVersionAndTheCommitItWasBuiltFrom() {
        Command.Result r = Command.run(LIMIT, List.of(launcher.toString(), "--version"));

        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).as(r.describe()).contains(System.getProperty("wharf.version"));
        Path sources = Command.builtPath("wharf.source.dir");
        boolean gitCheckout = Files.exists(sources.resolve(".git"))
                && Command.run(LIMIT, List.of("git", "-C", sources.toString(), "rev-parse", "HEAD")).exit() == 0;
        if (gitCheckout) {
            Matcher m = HEX.matcher(r.out());
            assertThat(m.find()).as("a commit id in: " + r.out()).isTrue();
            // a real commit of this repository (not necessarily HEAD: others may commit after the build)
            Command.Result type = Command.run(LIMIT, List.of("git", "-C", sources.toString(), "cat-file", "-t", m.group()));
            assertThat(type.out().strip()).as("git cat-file -t " + m.group() + ": " + type.describe()).isEqualTo("commit");
        } else {
            assertThat(r.out()).as("built outside git: the commit is unknown").contains("unknown");
        }
    }

    @Test
    void listsTheLabInventoryAsJson() throws Exception {
        Command.Result r = Command.run(LIMIT, List.of(launcher.toString(), "ls", "--lab", "-o", "json"));

        assertThat(r.exit()).as(r.describe()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode items = doc.path("items");
        assertThat(items.isArray()).as("an items array in: " + r.out()).isTrue();
        assertThat(items.size()).as("lab items in: " + r.out()).isPositive();
        for (JsonNode item : items) {
            assertThat(item.path("name").asText()).as("name of " + item).isNotBlank();
            assertThat(item.path("kind").asText()).as("kind of " + item).isNotBlank();
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the AppCDS archive is built by the Linux profile (deb)")
    void startsFromTheAppCdsArchive(@TempDir Path tmp) throws Exception {
        assertThat(image.resolve("lib/app/wharf.jsa")).as("the archive the build dumped").isRegularFile();
        Path log = tmp.resolve("class-load.log");

        Command.Result r = Command.run(LIMIT, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log),
                List.of(launcher.toString(), "--version"));

        assertThat(r.exit()).as(r.describe()).isZero();
        // the launcher's java-options use the archive, and its classes (Wharf's own included) come from it
        assertThat(Files.readString(log)).contains("dev.wharf.app.Main source: shared objects file");
        assertThat(r.out()).as("no CDS chatter on stdout").doesNotContain("[cds");
    }
}
