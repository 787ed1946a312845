package dev.wharf.libvirt;

import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link VncOpener} reaches a display for each kind of libvirt URI. */
class VncOpenerTest {

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(value = {
        "qemu:///system, ''",
        "qemu:///session, ''",
        "qemu:///embed?root=/tmp/wharf-embed, ''",
        "qemu+unix:///system?socket=/run/libvirt/libvirt-sock, ''",
        "QEMU+UNIX:///system, ''",
        "test:///default, ''",
        "qemu+ssh://root@kvm1.example.org:2222/system?keyfile=/k, ssh",
        "qemu+libssh2://kvm1/system, libssh2",
        "qemu+tcp://127.0.0.1:16509/system, tcp",
        "qemu+tls://kvm1.example.org/system, tls",
        "qemu://kvm1.example.org/system, tls",
    })
    void transportOfEachUri(String uri, String transport) {
        assertThat(VncOpener.transport(uri)).isEqualTo(transport);
    }

    @Test
    void aDisplayOnAllAddressesIsReachedAtTheUrisHost() {
        InetSocketAddress a = VncOpener.networkTarget("qemu+tcp://kvm1.example.org/system",
                new VncDisplay(0, 5902, "0.0.0.0", "", null), "win-02");
        assertThat(a.getHostString()).isEqualTo("kvm1.example.org");
        assertThat(a.getPort()).isEqualTo(5902);
        assertThat(VncOpener.networkTarget("qemu+tls://kvm1/system", new VncDisplay(0, 5900, "", "", null), "x")
                .getHostString()).isEqualTo("kvm1");
        assertThat(VncOpener.networkTarget("qemu+tls://kvm1/system", new VncDisplay(0, 5900, "::", "", null), "x")
                .getHostString()).isEqualTo("kvm1");
    }

    @Test
    void aDisplayOnOneAddressIsReachedThere() {
        InetSocketAddress a = VncOpener.networkTarget("qemu+tcp://kvm1/system",
                new VncDisplay(0, 5903, "10.0.0.9", "", null), "x");
        assertThat(a.getHostString()).isEqualTo("10.0.0.9");
        assertThat(a.getPort()).isEqualTo(5903);
    }

    @Test
    void aLoopbackDisplayIsReachableOnlyWhenTheHostIsLocalToo() {
        assertThat(VncOpener.networkTarget("qemu+tcp://127.0.0.1:16509/system",
                new VncDisplay(0, 5901, "127.0.0.1", "", null), "desk-01").getHostString()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> VncOpener.networkTarget("qemu+tcp://kvm1/system",
                new VncDisplay(0, 5901, "127.0.0.1", "", null), "desk-01"))
                .isInstanceOf(WharfException.class)
                .hasMessage("The VNC display of desk-01 listens on 127.0.0.1 of kvm1 only: connect with qemu+ssh://"
                        + " (a tunnel) or change its <graphics listen=…>.");
    }

    @Test
    void aSocketOnlyDisplayNeedsSshOrTheHost() {
        assertThatThrownBy(() -> VncOpener.networkTarget("qemu+tls://kvm1/system",
                new VncDisplay(0, -1, "", "/var/lib/libvirt/qemu/d/vnc.sock", null), "sock-03"))
                .isInstanceOf(WharfException.class)
                .hasMessage("The VNC display of sock-03 listens on the UNIX socket /var/lib/libvirt/qemu/d/vnc.sock"
                        + " of kvm1 only: connect with qemu+ssh:// or on the host itself.");
        assertThatThrownBy(() -> VncOpener.networkTarget("qemu+tls://kvm1/system",
                new VncDisplay(0, -1, "", "", null), "off-04"))
                .hasMessageContaining("listens on no TCP port of kvm1");
    }
}
