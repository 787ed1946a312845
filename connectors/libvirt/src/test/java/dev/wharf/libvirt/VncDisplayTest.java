package dev.wharf.libvirt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link VncDisplay#parse} over domain XML as libvirt writes it (fixtures/graphics/*.xml). */
class VncDisplayTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = VncDisplayTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunningDisplayOnATcpPortWithItsListenAddress() throws IOException {
        VncDisplay d = VncDisplay.parse(fixture("graphics/vnc-port.xml")).orElseThrow();
        assertThat(d.index()).isZero();
        assertThat(d.port()).isEqualTo(5901);
        assertThat(d.address()).isEqualTo("127.0.0.1");
        assertThat(d.socket()).isEmpty();
        assertThat(d.password()).isNull();
    }

    @Test
    void theFirstVncDisplayAfterASpiceOneWithItsPasswordFromTheSecureXml() throws IOException {
        VncDisplay d = VncDisplay.parse(fixture("graphics/vnc-secure.xml")).orElseThrow();
        assertThat(d.index()).as("the second <graphics>: virDomainOpenGraphicsFD counts them all").isEqualTo(1);
        assertThat(d.port()).isEqualTo(5902);
        assertThat(d.address()).as("from <listen type='address'>").isEqualTo("0.0.0.0");
        assertThat(d.password()).isEqualTo("s3cr&t");
        assertThat(d.toString()).doesNotContain("s3cr").contains("password=(set)");
    }

    @Test
    void aDisplayOnAUnixSocketOnly() throws IOException {
        VncDisplay d = VncDisplay.parse(fixture("graphics/vnc-socket.xml")).orElseThrow();
        assertThat(d.port()).isEqualTo(-1);
        assertThat(d.address()).isEmpty();
        assertThat(d.socket()).isEqualTo("/var/lib/libvirt/qemu/domain-5-sock-03/vnc.sock");
    }

    @Test
    void anInactiveAutoportDisplayHasNoPortYet() throws IOException {
        VncDisplay d = VncDisplay.parse(fixture("graphics/vnc-stopped.xml")).orElseThrow();
        assertThat(d.port()).isEqualTo(-1);
        assertThat(d.address()).isEmpty();
        assertThat(d.socket()).isEmpty();
    }

    @Test
    void spiceOnlyNoGraphicsAndBrokenXmlHaveNoVncDisplay() throws IOException {
        assertThat(VncDisplay.parse(fixture("graphics/spice-only.xml"))).isEqualTo(Optional.empty());
        assertThat(VncDisplay.parse(fixture("domain-kvm.xml"))).isEqualTo(Optional.empty());
        assertThat(VncDisplay.parse("<domain><devices><graphics type='vnc' port='5900'>")).isEmpty();
        assertThat(VncDisplay.parse("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"))
                .isEmpty();
    }

    @Test
    void aGarbledPortCountsAsNone() {
        VncDisplay d = VncDisplay.parse("<domain><devices><graphics type='vnc' port='59x0'/></devices></domain>")
                .orElseThrow();
        assertThat(d.port()).isEqualTo(-1);
    }
}
