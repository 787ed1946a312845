package dev.wharf.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-driver hosts from fixture files: {@code test:///ABSOLUTE/PATH.xml}. */
final class TestHosts {
    private TestHosts() {
    }

    static String uriOf(String fixture) {
        try (InputStream in = TestHosts.class.getResourceAsStream("/fixtures/" + fixture)) {
            Path dir = Files.createTempDirectory("wharf-test-host");
            Path f = dir.resolve(fixture);
            Files.write(f, in.readAllBytes());
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return "test://" + f.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test-driver host with {@code n} domains, in turn running, shut off and paused. */
    static String generated(int n) {
        StringBuilder sb = new StringBuilder("<node><cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes>"
                + "<sockets>2</sockets><cores>16</cores><threads>2</threads><active>64</active></cpu>"
                + "<memory>536870912</memory>\n");
        for (int i = 0; i < n; i++) {
            int state = switch (i % 3) {
                case 0 -> 1;
                case 1 -> 5;
                default -> 3;
            };
            sb.append("<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm-")
                    .append(String.format("%04d", i)).append("</name><uuid>")
                    .append(String.format("6a1d2c3e-0000-4000-8000-%012x", i))
                    .append("</uuid><memory unit='MiB'>").append(256 + (i % 8) * 256).append("</memory><vcpu>")
                    .append(1 + i % 4).append("</vcpu><os><type>hvm</type></os><test:runstate>").append(state)
                    .append("</test:runstate></domain>\n");
        }
        return sb.append("</node>\n").toString();
    }
}
