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
    void aTcpDisplayIsReachedWithSshsOwnForwardingOnTheHostsLoopback() {
        VncDisplay d = new VncDisplay(0, 5901, "0.0.0.0", "", null);
        List<String> cmd = SshGraphicsTunnel.command("qemu+ssh://h1/system", d);
        assertThat(cmd).doesNotContain("-p", "-l", "-i").endsWith("-W", "127.0.0.1:5901", "h1");
        assertThat(SshGraphicsTunnel.command("qemu+ssh://h1/system", new VncDisplay(0, 5900, "192.168.122.1", "", null)))
                .endsWith("-W", "192.168.122.1:5900", "h1");
        assertThat(SshGraphicsTunnel.command("qemu+ssh://h1/system", new VncDisplay(0, 5900, "::1", "", null)))
                .endsWith("-W", "[::1]:5900", "h1");
    }

    @Test
    void addressesThatCouldRunCommandsOnTheHostAreRefused() {
        VncDisplay d = new VncDisplay(0, -1, "", "/tmp/x'; rm -rf ~; '", null);
        assertThatThrownBy(() -> SshGraphicsTunnel.command("qemu+ssh://h1/system", d))
                .isInstanceOf(WharfException.class).hasMessageContaining("will not put on a remote command line");
    }

    /** The remote half of the command, run by a local sh: what the libvirt host would run. */
    private static Process remote(VncDisplay d, String path) throws java.io.IOException {
        List<String> cmd = SshGraphicsTunnel.command("qemu+ssh://h1/system", d);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd.get(cmd.size() - 1));
        pb.environment().put("PATH", path);
        return pb.start();
    }

    @Test
    void theRemoteCommandRelaysASocketDisplaysBytesThroughTheInstalledNc() throws Exception {
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/nc"))) {
            PrivateLibvirtd.requireOrSkip("/usr/bin/nc is missing (apt install netcat-openbsd)");
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("wharf-vnc-sock");
        java.nio.file.Path sock = dir.resolve("vnc.sock");
        var ascii = java.nio.charset.StandardCharsets.US_ASCII;
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            Process p = remote(new VncDisplay(0, -1, "", sock.toString(), null), "/usr/bin:/bin");
            try (var s = server.accept()) {
                s.write(java.nio.ByteBuffer.wrap("RFB 003.008\n".getBytes(ascii)));
                assertThat(new String(p.getInputStream().readNBytes(12), ascii)).isEqualTo("RFB 003.008\n");
                p.getOutputStream().write("RFB 003.008\n".getBytes(ascii));
                p.getOutputStream().flush();
                java.nio.ByteBuffer back = java.nio.ByteBuffer.allocate(12);
                while (back.hasRemaining() && s.read(back) >= 0) {
                    // until the client's version arrives
                }
                assertThat(new String(back.array(), ascii)).as("the client's bytes reach the display").isEqualTo("RFB 003.008\n");
            }
            p.getOutputStream().close(); // the viewer closes the tunnel: nc ends ("-q 0")
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("nc ends when the viewer closes").isTrue();
        } finally {
            java.nio.file.Files.deleteIfExists(sock);
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void withoutNcOnTheHostTheRemoteCommandSaysSoAndExits127() throws Exception {
        java.nio.file.Path bin = java.nio.file.Files.createTempDirectory("wharf-no-nc");
        try {
            java.nio.file.Files.createSymbolicLink(bin.resolve("sh"), java.nio.file.Path.of("/bin/sh"));
            Process p = remote(new VncDisplay(0, -1, "", "/run/vnc.sock", null), bin.toString());
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(127);
            assertThat(new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(SshGraphicsTunnel.NO_NC);
        } finally {
            java.nio.file.Files.deleteIfExists(bin.resolve("sh"));
            java.nio.file.Files.delete(bin);
        }
    }
}
