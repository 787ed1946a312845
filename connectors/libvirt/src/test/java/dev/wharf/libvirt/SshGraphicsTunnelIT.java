package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tunnel's ssh command against the fixture's real sshd (no guest): a stand-in display on this
 * host plays the libvirt host's VNC server.
 */
class SshGraphicsTunnelIT {
    private static final byte[] GREETING = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);

    private static Process tunnel(VncDisplay display) throws Exception {
        List<String> cmd = SshGraphicsTunnel.command(PrivateLibvirtd.get().sshUri(), display);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aTcpDisplaysBytesPassBothWaysAndTheTunnelEndsWhenTheDisplayCloses() throws Exception {
        try (ServerSocket display = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = tunnel(new VncDisplay(0, display.getLocalPort(), "127.0.0.1", "", null));
            try {
                try (Socket s = display.accept()) {
                    s.getOutputStream().write(GREETING);
                    assertThat(p.getInputStream().readNBytes(GREETING.length)).isEqualTo(GREETING);
                    p.getOutputStream().write(GREETING);
                    p.getOutputStream().flush();
                    assertThat(s.getInputStream().readNBytes(GREETING.length)).isEqualTo(GREETING);
                } // the guest's display goes away (QEMU ended)
                assertThat(p.getInputStream().read()).as("the viewer sees the end").isEqualTo(-1);
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ssh ends with the display").isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aSocketDisplayIsRelayedByNcOnTheHost() throws Exception {
        Path dir = Files.createTempDirectory("wharf-vnc-sock");
        Path sock = dir.resolve("vnc.sock");
        try (ServerSocketChannel display = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            display.bind(UnixDomainSocketAddress.of(sock));
            Process p = tunnel(new VncDisplay(0, -1, "", sock.toString(), null));
            try {
                try (SocketChannel s = display.accept()) {
                s.write(ByteBuffer.wrap(GREETING));
                assertThat(p.getInputStream().readNBytes(GREETING.length)).isEqualTo(GREETING);
                p.getOutputStream().write(GREETING);
                p.getOutputStream().flush();
                ByteBuffer back = ByteBuffer.allocate(GREETING.length);
                while (back.hasRemaining() && s.read(back) >= 0) {
                    // until the viewer's bytes arrive
                }
                assertThat(back.array()).isEqualTo(GREETING);
                p.getOutputStream().close(); // the viewer closes: nc ("-q 0") ends its side of the display's connection
                assertThat(s.read(ByteBuffer.allocate(1))).as("the display sees the viewer go").isEqualTo(-1);
                }
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("the tunnel ends with both sides closed").isTrue();
            } finally {
                p.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.delete(dir);
        }
    }
}
