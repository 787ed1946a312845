package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.WharfException;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The ssh command that tunnels to a domain's VNC display, as virt-manager builds it. */
class SshGraphicsTunnelTest {

    @Test
    void aUnixSocketDisplayIsReachedWithNcUAndTheUrisUserPortAndKeyfile() {
        VncDisplay d = new VncDisplay(0, -1, "", "/var/lib/libvirt/qemu/domain-3-db/vnc.sock", null);
        List<String> cmd = SshGraphicsTunnel.command("qemu+ssh://ops@h1.example:2222/system?keyfile=/home/ops/.ssh/id_ed25519&no_verify=1", d);
        assertThat(cmd).startsWith("ssh").containsSubsequence("-p", "2222").containsSubsequence("-l", "ops")
                .containsSubsequence("-i", "/home/ops/.ssh/id_ed25519")
                .containsSubsequence("-o", "StrictHostKeyChecking=no").containsSubsequence("-o", "BatchMode=yes");
        assertThat(cmd.get(cmd.size() - 2)).isEqualTo("h1.example");
        assertThat(cmd.get(cmd.size() - 1)).contains("nc -U /var/lib/libvirt/qemu/domain-3-db/vnc.sock")
                .contains("nc -q 0 -U /var/lib/libvirt/qemu/domain-3-db/vnc.sock").startsWith("sh -c '");
    }

    @Test
    void aTcpDisplayListeningEverywhereIsReachedOnTheHostsLoopback() {
        VncDisplay d = new VncDisplay(0, 5901, "0.0.0.0", "", null);
        List<String> cmd = SshGraphicsTunnel.command("qemu+ssh://h1/system", d);
        assertThat(cmd).doesNotContain("-p", "-l", "-i");
        assertThat(cmd.get(cmd.size() - 1)).contains("exec nc 127.0.0.1 5901");
        VncDisplay onAddress = new VncDisplay(0, 5900, "192.168.122.1", "", null);
        assertThat(SshGraphicsTunnel.command("qemu+ssh://h1/system", onAddress).get(cmd.size() - 1))
                .contains("exec nc 192.168.122.1 5900");
    }

    @Test
    void addressesThatCouldRunCommandsOnTheHostAreRefused() {
        VncDisplay d = new VncDisplay(0, -1, "", "/tmp/x'; rm -rf ~; '", null);
        assertThatThrownBy(() -> SshGraphicsTunnel.command("qemu+ssh://h1/system", d))
                .isInstanceOf(WharfException.class).hasMessageContaining("will not put on a remote command line");
    }
}
