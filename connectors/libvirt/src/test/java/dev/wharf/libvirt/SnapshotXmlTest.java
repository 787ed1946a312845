package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Snapshots;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** libvirt's snapshot and domain XML as Wharf reads them: no libvirt involved. */
class SnapshotXmlTest {

    @Test
    void aRunningSnapshotWithMemoryAndItsParent() {
        Snapshots.Snapshot s = SnapshotXml.snapshot("""
                <domainsnapshot>
                  <name>after</name>
                  <description>kubelet &amp; friends</description>
                  <state>running</state>
                  <parent><name>before</name></parent>
                  <creationTime>1764670000</creationTime>
                  <memory snapshot='internal'/>
                  <disks><disk name='vda' snapshot='internal'/></disks>
                  <domain type='qemu'><name>g</name></domain>
                </domainsnapshot>""", true);
        assertThat(s.name()).isEqualTo("after");
        assertThat(s.description()).isEqualTo("kubelet & friends");
        assertThat(s.state()).isEqualTo("running");
        assertThat(s.parent()).isEqualTo("before");
        assertThat(s.created()).isEqualTo(Instant.ofEpochSecond(1764670000));
        assertThat(s.memory()).isTrue();
        assertThat(s.current()).isTrue();
        assertThat(s.phase()).isNull();
    }

    @Test
    void aShutOffRootSnapshotHoldsDisksOnly() {
        Snapshots.Snapshot s = SnapshotXml.snapshot("<domainsnapshot><name>s0</name><state>shutoff</state>"
                + "<creationTime>1</creationTime><memory snapshot='no'/></domainsnapshot>", false);
        assertThat(s.state()).isEqualTo("shut off");
        assertThat(s.memory()).isFalse();
        assertThat(s.parent()).isNull();
        assertThat(s.description()).isEmpty();
    }

    @Test
    void whyADomainCannotBeSnapshotted() {
        String raw = """
                <domain type='qemu'><name>g</name><devices>
                  <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/a.img'/><target dev='vda'/></disk>
                  <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/b.iso'/><target dev='hdc'/><readonly/></disk>
                </devices></domain>""";
        assertThat(SnapshotXml.whyNot(raw)).startsWith("Its disk vda (raw) is not qcow2").contains("qemu-img convert");
        assertThat(SnapshotXml.whyNot("<domain><devices><serial type='pty'/></devices></domain>"))
                .startsWith("It has no disk to hold a snapshot");
        String qcow2 = raw.replace("type='raw'/><source file='/a.img'", "type='qcow2'/><source file='/a.qcow2'");
        assertThat(SnapshotXml.whyNot(qcow2)).as("the read-only cdrom is left out").isNull();
    }

    @Test
    void theCreateXmlEscapesWhatTheUserTyped() {
        assertThat(SnapshotXml.create("s1", "a <b> & c")).isEqualTo(
                "<domainsnapshot><name>s1</name><description>a &lt;b&gt; &amp; c</description></domainsnapshot>");
        assertThat(SnapshotXml.create("s1", " ")).isEqualTo("<domainsnapshot><name>s1</name></domainsnapshot>");
    }
}
