package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.ExternalDisplay;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** SPICE-only domains: no VNC console, an external display that virt-viewer opens. */
class SpiceViewerTest {
    private static final DomainMapper.Context QEMU = new DomainMapper.Context("libvirt:qemu+ssh://ops@h1/system", "h1", false, true);
    private static final String SPICE_XML = """
            <domain type='kvm' id='4'>
              <name>win11</name>
              <uuid>6f1c2a4e-0b7d-4c1e-9a57-0c5a2f4d8e11</uuid>
              <memory unit='KiB'>4194304</memory>
              <vcpu>2</vcpu>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <serial type='pty'><target port='0'/></serial>
                <graphics type='spice' port='5900' autoport='yes' listen='127.0.0.1'/>
              </devices>
            </domain>
            """;

    private static Item running(String xml) {
        return DomainMapper.domain(QEMU, DomainFacts.parse(xml, 1, 1, true));
    }

    @Test
    void aSpiceOnlyDomainOffersNoVncConsoleButAnExternalDisplay() {
        Item win = running(SPICE_XML);
        assertThat(win.consoles()).containsExactly(ConsoleType.SERIAL);
        assertThat(win.facet(ExternalDisplay.class)).contains(new ExternalDisplay("spice"));

        Item both = running(SPICE_XML.replace("<graphics type='spice'", "<graphics type='vnc' port='5901'/>\n<graphics type='spice'"));
        assertThat(both.consoles()).contains(ConsoleType.VNC);
        assertThat(both.facet(ExternalDisplay.class)).as("VNC is drawn by Wharf itself").isEmpty();

        assertThat(DomainMapper.domain(QEMU, DomainFacts.parse(SPICE_XML, 5, 1, true)).facet(ExternalDisplay.class))
                .as("a shut-off domain shows no display").isEmpty();
    }

    @Test
    void virtViewerGetsTheConnectionsUriAndTheDomainsUuid() throws Exception {
        Path bin = Files.createTempDirectory("wharf-viewer-bin");
        Path viewer = bin.resolve("virt-viewer");
        try {
            Files.writeString(viewer, "#!/bin/sh\n");
            Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rwxr-xr-x"));
            String uri = "qemu+ssh://ops@h1:2222/system?keyfile=/home/ops/.ssh/id_ed25519";
            SpiceViewer v = new SpiceViewer(uri, "/nonexistent:" + bin);
            assertThat(v.commandFor(running(SPICE_XML))).containsExactly(viewer.toString(), "--connect", uri,
                    "--uuid", "6f1c2a4e-0b7d-4c1e-9a57-0c5a2f4d8e11");
            assertThatThrownBy(() -> v.commandFor(running(SPICE_XML.replace("type='spice'", "type='vnc'"))))
                    .isInstanceOf(WharfException.class).hasMessageContaining("has no SPICE display");
        } finally {
            Files.deleteIfExists(viewer);
            Files.delete(bin);
        }
    }

    @Test
    void withoutVirtViewerOneMessageSaysHowToGetIt() throws Exception {
        Path empty = Files.createTempDirectory("wharf-no-viewer");
        try {
            SpiceViewer v = new SpiceViewer("qemu:///system", empty.toString());
            assertThatThrownBy(() -> v.openExternal(running(SPICE_XML))).isInstanceOf(WharfException.class)
                    .hasMessage(SpiceViewer.MISSING)
                    .hasMessageContaining("apt install virt-viewer");
        } finally {
            Files.delete(empty);
        }
    }
}
