package dev.wharf.app.cli;

import static dev.wharf.app.cli.Fixtures.GUEST;
import static dev.wharf.app.cli.Fixtures.HOST;
import static dev.wharf.app.cli.Fixtures.K8S;
import static dev.wharf.app.cli.Fixtures.KATA;
import static dev.wharf.app.cli.Fixtures.LV;
import static dev.wharf.app.cli.Fixtures.NODE;
import static dev.wharf.app.cli.Fixtures.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
    private static final SourceInfo PROD = new SourceInfo(K8S, SourceType.KUBERNETES, "prod", SourceStatus.CONNECTED, "");
    private static final SourceInfo H1 = new SourceInfo(LV, SourceType.LIBVIRT, "h1", SourceStatus.CONNECTED, "");
    private static final String LV2 = "libvirt:qemu+tcp://127.0.0.1:16509/system/extra";
    private static final SourceInfo H2 = new SourceInfo(LV2, SourceType.LIBVIRT, "h2", SourceStatus.CONNECTED, "");
    private static final Item GUEST_ON_H2 = Item.builder(LV2 + "|vm/guest1", LV2, Kind.VM, "guest1").build();
    private static final InventorySnapshot SNAP = new InventorySnapshot(List.of(PROD, H1),
            List.of(NODE, VM, KATA, HOST, GUEST));

    @Test
    void parsesKindAndKeepsTheRestWhole() {
        Target t = Target.parse("vm/qemu+tcp://127.0.0.1:16509/system/guest1");
        assertThat(t.kind()).isEqualTo(Kind.VM);
        assertThat(t.path()).isEqualTo("qemu+tcp://127.0.0.1:16509/system/guest1");
        assertThat(t.uuid()).isNull();
        assertThat(Target.parse("pod/default/web-1").path()).isEqualTo("default/web-1");
    }

    @Test
    void parsesUuidsInAnyCase() {
        Target t = Target.parse("AAAAAAAA-bbbb-CCCC-dddd-EEEEEEEEEEEE");
        assertThat(t.uuid()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(t.kind()).isNull();
        assertThat(t.resolve(SNAP)).isEqualTo(VM);
    }

    @Test
    void rejectsWhatIsNoTarget() {
        assertThatThrownBy(() -> Target.parse("db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KIND/NAMESPACE/NAME");
        assertThatThrownBy(() -> Target.parse("vm/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("/prod/db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("box/prod/db")).hasMessageContaining("unknown kind 'box'");
    }

    @Test
    void resolvesNamespacedKubernetesObjects() {
        assertThat(Target.parse("vm/prod/db").resolve(SNAP)).isEqualTo(VM);
        assertThat(Target.parse("microvm/default/kata-1").resolve(SNAP)).isEqualTo(KATA);
        assertThat(Target.parse("pod/default/kata-1").resolve(SNAP)).as("a microVM pod is a pod too").isEqualTo(KATA);
        assertThat(Target.parse("node/worker-1").resolve(SNAP)).isEqualTo(NODE);
    }

    @Test
    void resolvesLibvirtDomainsByUriHostNameOrBareName() {
        assertThat(Target.parse("vm/qemu+tcp://127.0.0.1:16509/system/guest1").resolve(SNAP)).isEqualTo(GUEST);
        assertThat(Target.parse("vm/h1/guest1").resolve(SNAP)).isEqualTo(GUEST);
        assertThat(Target.parse("vm/guest1").resolve(SNAP)).isEqualTo(GUEST);
        assertThat(Target.parse("0F0E0D0C-0B0A-0908-0706-050403020100").resolve(SNAP)).isEqualTo(GUEST);
    }

    @Test
    void aUriThatExtendsAnotherPicksTheLongerSource() {
        InventorySnapshot two = new InventorySnapshot(List.of(H1, H2), List.of(HOST, GUEST, GUEST_ON_H2));
        assertThat(Target.parse("vm/qemu+tcp://127.0.0.1:16509/system/extra/guest1").resolve(two)).isEqualTo(GUEST_ON_H2);
        assertThat(Target.parse("vm/qemu+tcp://127.0.0.1:16509/system/guest1").resolve(two)).isEqualTo(GUEST);
        assertThatThrownBy(() -> Target.parse("vm/guest1").resolve(two)).isInstanceOf(WharfException.class)
                .hasMessageContaining("names 2 items").hasMessageContaining("libvirt h1")
                .hasMessageContaining("libvirt h2");
    }

    @Test
    void unknownTargetsSayWhereWharfLooked() {
        assertThatThrownBy(() -> Target.parse("vm/prod/nope").resolve(SNAP)).isInstanceOf(WharfException.class)
                .hasMessage("no vm named prod/nope in context prod, libvirt h1 (try `wharf ls`)");
        assertThatThrownBy(() -> Target.parse("vm/default/kata-2").resolve(SNAP)).hasMessageStartingWith("no vm named");
        assertThatThrownBy(() -> Target.parse("pod/prod/db").resolve(SNAP)).as("a VM is not a pod")
                .hasMessageStartingWith("no pod named prod/db");
    }
}
