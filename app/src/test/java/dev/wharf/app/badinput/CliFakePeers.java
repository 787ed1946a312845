package dev.wharf.app.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the bad-input suite points Wharf at: servers on loopback ports that are not libvirt (an
 * SSH server's banner, a web server), a port nobody listens on, and libvirt test-driver files
 * (malformed, with non-ASCII names, with a domain named like the default one's). Started once
 * per test JVM; the servers are daemon threads.
 */
final class CliFakePeers {
    static final int SSH_PORT = serve("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
    static final int HTTP_PORT = serve("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    static final int CLOSED_PORT = closedPort();
    static final Path DIR = tempDir();
    /** A test-driver file whose XML is malformed (libxml2's message spans three lines). */
    static final Path BAD_XML = write("bad.xml", "<node><domain type='test'><name>x</name>\n"
            + "<memory>1024</memory></domai></node>\n");
    /** A host whose domains have non-ASCII names. */
    static final Path UTF8_XML = write("utf8.xml", """
            <node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
              <domain type='test'><name>café-ünï-虚拟机</name><uuid>6f2b3c4d-0000-4000-8000-0000000000e1</uuid>
                <memory>1024</memory><os><type>hvm</type></os></domain>
              <domain type='test'><name>stopped-one</name><uuid>6f2b3c4d-0000-4000-8000-0000000000e3</uuid>
                <memory>1024</memory><os><type>hvm</type></os>
                <test:runstate>5</test:runstate></domain>
            </node>
            """);
    /** A second host with a domain named {@code test}, like {@code test:///default}'s. */
    static final Path SECOND_TEST = write("second.xml", """
            <node>
              <domain type='test'><name>test</name><uuid>6f2b3c4d-0000-4000-8000-0000000000e2</uuid>
                <memory>1024</memory><os><type>hvm</type></os></domain>
            </node>
            """);

    static final String NON_ASCII = "café-ünï-虚拟机";

    private CliFakePeers() {
    }

    /** A loopback server that greets every connection with {@code greeting}, then reads until closed. */
    private static int serve(String greeting) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        Thread c = new Thread(() -> {
                            try (s; OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                                out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                                s.setSoTimeout(5000);
                                in.read(new byte[4096]);
                            } catch (IOException e) {
                                // the client went away
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "fake-peer-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
            return server.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("wharf-badinput-");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, String text) {
        try {
            Path f = DIR.resolve(name);
            Files.writeString(f, text, StandardCharsets.UTF_8);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
