package dev.wharf.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libvirt's test driver with a generated host description ({@code test:///ABS/PATH.xml}): the
 * node VMs plus a few other domains in several states. No QEMU needed; actions are instant and
 * there are no consoles (a limit of the test driver).
 */
final class TestDriverHosts implements LabHosts {

    private final Path file;
    private final String notice;

    private TestDriverHosts(Path file, String notice) {
        this.file = file;
        this.notice = notice;
    }

    static TestDriverHosts write(Path dir, String notice) {
        Path file = dir.resolve("libvirt-test-host.xml").toAbsolutePath();
        List<LabHosts.HostDomain> all = new ArrayList<>(NODE_VMS);
        all.addAll(OTHERS);
        try {
            Files.writeString(file, xml(all));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab's libvirt host file " + file, e);
        }
        return new TestDriverHosts(file, notice);
    }

    /** The test driver's node description: one host, its domains, {@code runstate} 1 running, 3 paused, 5 shut off. */
    static String xml(List<LabHosts.HostDomain> domains) {
        StringBuilder sb = new StringBuilder();
        sb.append("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n");
        sb.append("  <cpu><mhz>2400</mhz><model>Wharf lab host</model><active>4</active><total>4</total>")
                .append("<nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>\n");
        sb.append("  <memory>16777216</memory>\n");
        for (LabHosts.HostDomain d : domains) {
            int runstate = switch (d.state()) {
                case RUNNING -> 1;
                case PAUSED -> 3;
                case SHUTOFF -> 5;
            };
            sb.append("  <domain type='test'>\n")
                    .append("    <name>").append(d.name()).append("</name>\n")
                    .append("    <uuid>").append(d.uuid()).append("</uuid>\n")
                    .append("    <memory unit='MiB'>").append(d.memoryMiB()).append("</memory>\n")
                    .append("    <vcpu>1</vcpu>\n")
                    .append("    <os><type arch='x86_64'>hvm</type></os>\n")
                    .append("    <devices><serial type='pty'><target port='0'/></serial></devices>\n")
                    .append("    <test:runstate>").append(runstate).append("</test:runstate>\n")
                    .append("  </domain>\n");
        }
        sb.append("</node>\n");
        return sb.toString();
    }

    @Override
    public List<String> uris() {
        return List.of("test://" + file);
    }

    @Override
    public String notice() {
        return notice;
    }

    @Override
    public void close() {
        // the file goes with the lab's directory
    }
}
