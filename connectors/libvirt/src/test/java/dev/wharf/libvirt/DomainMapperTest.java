package dev.wharf.libvirt;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure mapping from domain XML + state to inventory items, with fixture files. */
class DomainMapperTest {
    private static final String SRC = "libvirt:qemu+ssh://root@h1/system";
    private static final String HOST = DomainMapper.hostId(SRC, "h1");
    private static final DomainMapper.Context QEMU = new DomainMapper.Context(SRC, HOST, false, true);

    @Test
    void mapsARunningKvmDomain() throws IOException {
        DomainFacts f = DomainFacts.parse(fixture("domain-kvm.xml"), 1, 1, true);
        Item vm = DomainMapper.domain(QEMU, f);
        assertThat(vm.id()).isEqualTo(Item.idOf(SRC, Kind.VM, null, "app-01"));
        assertThat(vm.kind()).isEqualTo(Kind.VM);
        assertThat(vm.uuid()).isEqualTo("0f3a9c12-7b4d-4e21-9a6b-1c2d3e4f5a6b");
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.status()).isEqualTo("running (booted)");
        assertThat(vm.runtime()).isEqualTo("kvm");
        assertThat(vm.isolation()).isEqualTo(Isolation.VM);
        assertThat(vm.on()).isEqualTo(HOST);
        assertThat(vm.properties()).containsEntry("vCPUs", "2").containsEntry("Memory", "2048 MiB")
                .containsEntry("Max memory", "4096 MiB").containsEntry("Domain ID", "7");
        assertThat(vm.consoles()).containsExactly(ConsoleType.SERIAL);
        assertThat(vm.actions()).containsExactlyInAnyOrder(Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF, Action.PAUSE);
    }

    @Test
    void cloudHypervisorDomainsAreMicroVms() throws IOException {
        DomainMapper.Context ch = new DomainMapper.Context("libvirt:ch:///system", "h", true, true);
        Item vm = DomainMapper.domain(ch, DomainFacts.parse(fixture("domain-ch.xml"), 1, 1, true));
        assertThat(vm.kind()).isEqualTo(Kind.MICROVM);
        assertThat(vm.isolation()).isEqualTo(Isolation.MICROVM);
        assertThat(vm.runtime()).isEqualTo("ch");
        assertThat(vm.id()).isEqualTo(Item.idOf("libvirt:ch:///system", Kind.MICROVM, null, "fc-sandbox"));
        assertThat(vm.properties()).containsEntry("Memory", "256 MiB");
    }

    @ParameterizedTest(name = "state {0} reason {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0  | UNKNOWN  | no state",
        "1 | 1  | RUNNING  | running (booted)",
        "1 | 5  | RUNNING  | running (unpaused)",
        "2 | 0  | RUNNING  | idle",
        "3 | 1  | PAUSED   | paused (user)",
        "3 | 5  | PAUSED   | paused (I/O error)",
        "3 | 11 | STARTING | paused (starting up)",
        "4 | 1  | STOPPING | in shutdown (user)",
        "5 | 1  | STOPPED  | shut off (shutdown)",
        "5 | 2  | STOPPED  | shut off (destroyed)",
        "5 | 3  | STOPPED  | shut off (crashed)",
        "6 | 1  | FAILED   | crashed (panicked)",
        "7 | 0  | PAUSED   | pmsuspended",
    })
    void mapsEveryStateWithItsReason(int state, int reason, State expected, String status) {
        assertThat(DomainMapper.state(state, reason)).isEqualTo(expected);
        assertThat(DomainMapper.status(state, reason)).isEqualTo(status);
    }

    @Test
    void actionsFollowTheState() {
        assertThat(DomainMapper.actions(5, true)).containsExactlyInAnyOrder(Action.START, Action.DELETE);
        assertThat(DomainMapper.actions(5, false)).as("a transient domain is gone once off").isEmpty();
        assertThat(DomainMapper.actions(3, true)).containsExactlyInAnyOrder(Action.RESUME, Action.FORCE_OFF);
        assertThat(DomainMapper.actions(6, true)).containsExactly(Action.FORCE_OFF);
        assertThat(DomainMapper.actions(7, true)).containsExactly(Action.FORCE_OFF);
        assertThat(DomainMapper.actions(4, true)).containsExactly(Action.FORCE_OFF);
    }

    @Test
    void stoppedDomainsAndTestDriverDomainsOfferNoConsole() throws IOException {
        String xml = fixture("domain-kvm.xml");
        assertThat(DomainMapper.domain(QEMU, DomainFacts.parse(xml, 5, 1, true)).consoles()).isEmpty();
        DomainMapper.Context test = new DomainMapper.Context("libvirt:test:///default", "h", false, false);
        assertThat(DomainMapper.domain(test, DomainFacts.parse(xml, 1, 1, true)).consoles()).isEmpty();
    }

    @Test
    void logsAreTheSerialLogWhenConfiguredAndQemusLog() throws IOException {
        String xml = fixture("domain-kvm.xml");
        LogStreams plain = DomainMapper.domain(QEMU, DomainFacts.parse(xml, 5, 1, true)).facet(LogStreams.class).orElseThrow();
        assertThat(plain.streams()).extracting(LogStream::name).containsExactly("qemu");
        assertThat(plain.note()).contains("<log file=").contains("append='on'").contains("virsh edit");

        String logged = xml.replaceFirst("<serial type='pty'>",
                "<serial type='pty'><log file='/var/log/libvirt/qemu/x-serial.log' append='on'/>");
        assertThat(logged).isNotEqualTo(xml);
        DomainFacts f = DomainFacts.parse(logged, 1, 1, true);
        assertThat(f.serialLog()).isEqualTo("/var/log/libvirt/qemu/x-serial.log");
        LogStreams both = DomainMapper.domain(QEMU, f).facet(LogStreams.class).orElseThrow();
        assertThat(both.streams()).extracting(LogStream::name, LogStream::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("serial", LogStream.Type.GUEST_CONSOLE),
                org.assertj.core.groups.Tuple.tuple("qemu", LogStream.Type.HYPERVISOR));
        assertThat(both.defaultStream()).isEqualTo("serial");
        assertThat(both.note()).isEmpty();

        DomainMapper.Context test = new DomainMapper.Context("libvirt:test:///default", "h", false, false);
        String testXml = xml.replaceFirst("type='kvm'", "type='test'");
        assertThat(DomainMapper.domain(test, DomainFacts.parse(testXml, 1, 1, true)).facet(LogStreams.class)).isEmpty();
    }

    @Test
    void mapsTheHost() {
        Item h = DomainMapper.host(SRC, new DomainMapper.HostFacts("h1", "QEMU", 7_002_022, 9_000_000, 16,
                67_108_864, "x86_64"));
        assertThat(h.kind()).isEqualTo(Kind.HOST);
        assertThat(h.id()).isEqualTo(HOST);
        assertThat(h.uuid()).isNull();
        assertThat(h.state()).isEqualTo(State.RUNNING);
        assertThat(h.properties()).containsEntry("Hypervisor", "QEMU 7.2.22").containsEntry("libvirt", "9.0.0")
                .containsEntry("CPUs", "16").containsEntry("Memory", "64 GiB");
    }

    @Test
    void rejectsWhatIsNotADomain() {
        assertThatThrownBy(() -> DomainFacts.parse("<network><name>x</name></network>", 1, 1, true))
                .hasMessageContaining("<network>");
        assertThatThrownBy(() -> DomainFacts.parse("<domain", 1, 1, true)).hasMessageContaining("not a domain XML");
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = DomainMapperTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
