package dev.wharf.app.cli;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;
import java.time.Instant;
import java.util.List;

/** Hand-built items: a cluster (node, VM, its launcher pod, a Kata pod) and a libvirt host with a guest. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final String K8S = "k8s:prod";
    static final String LV = "libvirt:qemu+tcp://127.0.0.1:16509/system";

    static final Item NODE = Item.builder(Item.idOf(K8S, Kind.NODE, null, "worker-1"), K8S, Kind.NODE, "worker-1")
            .state(State.RUNNING).status("Ready").uuid("11111111-2222-3333-4444-555555555555")
            .created(NOW.minusSeconds(4 * 86400 + 5)).build();
    static final Item VM = Item.builder(Item.idOf(K8S, Kind.VM, "prod", "db"), K8S, Kind.VM, "db")
            .namespace("prod").state(State.RUNNING).status("Running").isolation(Isolation.VM).runtime("kvm")
            .on(NODE.id()).uuid("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")
            .actions(List.of(Action.STOP, Action.RESTART, Action.PAUSE, Action.MIGRATE))
            .consoles(List.of(ConsoleType.SERIAL)).created(NOW.minusSeconds(2 * 3600 + 10)).build();
    static final Item LAUNCHER = Item.builder(Item.idOf(K8S, Kind.POD, "prod", "virt-launcher-db-x1"), K8S, Kind.POD,
                    "virt-launcher-db-x1")
            .namespace("prod").state(State.RUNNING).status("Running").isolation(Isolation.CONTAINER).runtime("runc")
            .on(NODE.id()).owner(VM.id()).created(NOW.minusSeconds(3 * 60 + 59)).build();
    static final Item KATA = Item.builder(Item.idOf(K8S, Kind.MICROVM, "default", "kata-1"), K8S, Kind.MICROVM, "kata-1")
            .namespace("default").state(State.RUNNING).status("Running").isolation(Isolation.MICROVM)
            .runtime("kata-qemu").on(NODE.id()).actions(List.of(Action.DELETE)).consoles(List.of(ConsoleType.EXEC))
            .created(NOW.minusSeconds(5)).build();
    static final Item STOPPED_VM = Item.builder(Item.idOf(K8S, Kind.VM, "prod", "cache"), K8S, Kind.VM, "cache")
            .namespace("prod").state(State.STOPPED).status("Stopped").isolation(Isolation.VM)
            .actions(List.of(Action.START, Action.DELETE)).build();
    static final Item HOST = Item.builder(LV + "|host/h1", LV, Kind.HOST, "h1").state(State.RUNNING).build();
    static final Item GUEST = Item.builder(LV + "|vm/guest1", LV, Kind.VM, "guest1").state(State.STOPPED)
            .status("shut off").isolation(Isolation.VM).runtime("qemu").on(HOST.id())
            .uuid("0f0e0d0c-0b0a-0908-0706-050403020100").actions(List.of(Action.START)).build();

    private Fixtures() {
    }
}
