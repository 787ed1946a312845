package dev.wharf.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.WharfException;
import dev.wharf.views.connect.ConnectionEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsStoreTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsConnectionsAndLeavesNoTempFile() throws Exception {
        ConnectionsStore store = new ConnectionsStore(dir.resolve("wharf/connections.json"));
        assertThat(store.load()).isEmpty();
        List<ConnectionEntry> entries = List.of(ConnectionEntry.kubernetes(null, "prod"),
                ConnectionEntry.kubernetes("/home/a/other.yaml", "lab"),
                ConnectionEntry.libvirt("qemu+ssh://root@kvm1/system?keyfile=/home/a/.ssh/id"));
        store.save(entries);
        assertThat(store.load()).isEqualTo(entries);
        store.save(entries.subList(0, 1));
        assertThat(store.load()).containsExactly(entries.get(0));
        try (var files = Files.list(dir.resolve("wharf"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("connections.json");
        }
    }

    @Test
    void aReadOnlyConnectionIsSavedAsSuch() throws Exception {
        ConnectionsStore store = new ConnectionsStore(dir.resolve("connections.json"));
        List<ConnectionEntry> entries = List.of(ConnectionEntry.kubernetes(null, "prod").withReadOnly(true),
                ConnectionEntry.kubernetes(null, "staging"),
                ConnectionEntry.libvirt("qemu+ssh://root@kvm1/system").withReadOnly(true));
        store.save(entries);
        assertThat(store.load()).isEqualTo(entries);
        assertThat(store.load()).extracting(ConnectionEntry::readOnly).containsExactly(true, false, true);
        assertThat(Files.readString(store.file())).contains("\"readOnly\" : true");
        assertThat(entries.get(0).label()).isEqualTo("prod  \u00b7 READ-ONLY");
    }

    @Test
    void neverSavesAPasswordInAUri() {
        ConnectionsStore store = new ConnectionsStore(dir.resolve("connections.json"));
        assertThatThrownBy(() -> store.save(List.of(ConnectionEntry.libvirt("qemu+tcp://admin:s3cret@kvm1/system"))))
                .isInstanceOf(WharfException.class)
                .hasMessageContaining("never saves secrets")
                .hasMessageNotContaining("s3cret");
        assertThat(Files.exists(store.file())).isFalse();
    }

    @Test
    void aBrokenFileIsReportedAndKept() throws Exception {
        Path file = dir.resolve("connections.json");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> new ConnectionsStore(file).load()).isInstanceOf(WharfException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("{ not json");
    }

    @Test
    void theConfigDirectoryFollowsEachPlatformsConvention() {
        Path home = Path.of("/home/ann");
        assertThat(ConfigDirs.configDir(Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", home)).isEqualTo(Path.of("/xdg/wharf"));
        assertThat(ConfigDirs.configDir(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/ann/.config/wharf"));
        assertThat(ConfigDirs.configDir(Map.of("XDG_CONFIG_HOME", "relative"), "Linux", home))
                .isEqualTo(Path.of("/home/ann/.config/wharf"));
        assertThat(ConfigDirs.configDir(Map.of(), "Mac OS X", home))
                .isEqualTo(Path.of("/home/ann/Library/Application Support/Wharf"));
        assertThat(ConfigDirs.configDir(Map.of("APPDATA", "/c/Users/ann/AppData/Roaming"), "Windows 11", home))
                .isEqualTo(Path.of("/c/Users/ann/AppData/Roaming/Wharf"));
    }
}
