package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.WharfException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the connections dialog hears from the connectors: one clear sentence for a bad kubeconfig and a one-off test. */
class DesktopConnectionSupportTest {
    private final DesktopConnectionSupport support = new DesktopConnectionSupport(null);

    @Test
    void aBinaryKubeconfigIsSaidToBeBinary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kubeconfig.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        assertThatThrownBy(() -> support.contexts(Optional.of(file))).isInstanceOf(WharfException.class)
                .hasMessageContaining("is not a text file").hasMessageNotContaining("Input length");
    }

    @Test
    void aYamlErrorNamesItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "apiVersion: v1\nkind: Config\ncontexts:\n- name: a\n  context: {cluster: x\nusers: []\n");
        assertThatThrownBy(() -> support.contexts(Optional.of(file))).isInstanceOf(WharfException.class)
                .hasMessageContaining("not valid YAML at line ");
    }

    @Test
    void aOneOffTestLeavesOutTheRetrySentence() {
        assertThat(DesktopConnectionSupport.oneOff("Cannot connect to qemu+tcp://h1/system: connection refused."
                + " Wharf retries on its own (next try in 2 s)."))
                .isEqualTo("Cannot connect to qemu+tcp://h1/system: connection refused.");
    }
}
