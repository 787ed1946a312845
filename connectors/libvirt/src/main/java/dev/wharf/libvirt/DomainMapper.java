package dev.wharf.libvirt;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.State;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a libvirt domain ({@link DomainFacts}) and a host ({@link HostFacts}) to inventory items.
 * Pure functions: no libvirt, no I/O; tested with fixture XML files.
 */
public final class DomainMapper {

    /**
     * Where the domains are.
     *
     * @param sourceId         the source's id ({@code libvirt:URI})
     * @param hostId           the host item's id
     * @param microVm          true for Cloud Hypervisor ({@code ch://}): domains are microVMs
     * @param consolesSupported whether the driver can open a console stream (not the test driver)
     */
    public record Context(String sourceId, String hostId, boolean microVm, boolean consolesSupported) {
    }

    /**
     * What Wharf reads from a host.
     *
     * @param hostname          the host's name
     * @param hypervisor        driver type ({@code QEMU}, {@code TEST}, {@code CH})
     * @param hypervisorVersion the hypervisor version number (major*1,000,000+minor*1,000+release)
     * @param libvirtVersion    the daemon's libvirt version number, same encoding
     * @param cpus              active CPUs
     * @param memoryKiB         memory in KiB
     * @param cpuModel          CPU model
     */
    public record HostFacts(String hostname, String hypervisor, long hypervisorVersion, long libvirtVersion,
                            int cpus, long memoryKiB, String cpuModel) {
    }

    private static final String[] STATE_NAMES = {
        "no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended"};
    private static final String[][] REASONS = {
        {"unknown"},
        {"unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
            "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed"},
        {"unknown"},
        {"unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
            "shutting down", "creating snapshot", "crashed", "starting up", "post-copy", "post-copy failed",
            "api error"},
        {"unknown", "user"},
        {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"},
        {"unknown", "panicked"},
        {"unknown"},
    };
    /** virDomainState values. */
    static final int NOSTATE = 0, RUNNING = 1, BLOCKED = 2, PAUSED = 3, SHUTDOWN = 4, SHUTOFF = 5, CRASHED = 6,
            PMSUSPENDED = 7;
    private static final int PAUSED_STARTING_UP = 11;

    private DomainMapper() {
    }

    /** The host item id for a source and host name. */
    public static String hostId(String sourceId, String hostname) {
        return Item.idOf(sourceId, Kind.HOST, null, hostname);
    }

    /** The item id of a domain. */
    public static String domainId(String sourceId, boolean microVm, String name) {
        return Item.idOf(sourceId, microVm ? Kind.MICROVM : Kind.VM, null, name);
    }

    public static Item host(String sourceId, HostFacts h) {
        return Item.builder(hostId(sourceId, h.hostname()), sourceId, Kind.HOST, h.hostname())
                .state(State.RUNNING)
                .status("connected")
                .runtime(h.hypervisor().toLowerCase(Locale.ROOT))
                .property("Hypervisor", h.hypervisor() + " " + version(h.hypervisorVersion()))
                .property("libvirt", version(h.libvirtVersion()))
                .property("CPUs", h.cpus())
                .property("Memory", mib(h.memoryKiB()))
                .property("CPU model", h.cpuModel())
                .build();
    }

    public static Item domain(Context ctx, DomainFacts d) {
        State state = state(d.state(), d.reason());
        Kind kind = ctx.microVm() ? Kind.MICROVM : Kind.VM;
        Item.Builder b = Item.builder(domainId(ctx.sourceId(), ctx.microVm(), d.name()), ctx.sourceId(), kind, d.name())
                .state(state)
                .status(status(d.state(), d.reason()))
                .isolation(ctx.microVm() ? Isolation.MICROVM : Isolation.VM)
                .runtime(d.type())
                .on(ctx.hostId())
                .uuid(d.uuid())
                .actions(actions(d.state(), d.persistent()))
                .property("vCPUs", d.vcpus())
                .property("Memory", mib(d.memoryKiB()))
                .property("Max memory", d.maxMemoryKiB() == d.memoryKiB() ? null : mib(d.maxMemoryKiB()))
                .property("Domain ID", d.id() >= 0 ? d.id() : null)
                .property("UUID", d.uuid())
                .property("OS type", d.osType())
                .property("Persistent", d.persistent() ? "yes" : "no (transient)");
        boolean live = state == State.RUNNING || state == State.PAUSED || state == State.STARTING || state == State.STOPPING;
        if (ctx.consolesSupported() && d.hasConsole() && live) {
            b.console(ConsoleType.SERIAL);
        }
        if (ctx.consolesSupported() && d.hasVnc() && live) {
            b.console(ConsoleType.VNC);
        } else if (ctx.consolesSupported() && d.hasSpice() && live) {
            b.facet(new dev.wharf.inventory.ExternalDisplay("spice")); // SpiceViewer opens it
        }
        logStreams(d).ifPresent(b::facet);
        return b.build();
    }

    /** A domain's log names: its serial console log ({@code <log file=…>}), QEMU's log; what to do when the first is off. */
    public static final String SERIAL_LOG = "serial", QEMU_LOG = "qemu";

    /**
     * The logs of a domain (on a host's disk, whatever its state): {@value #SERIAL_LOG} when its
     * serial console is logged to a file, {@value #QEMU_LOG} for a QEMU domain. None for the test
     * driver, which has no files.
     */
    static Optional<LogStreams> logStreams(DomainFacts d) {
        boolean qemu = d.type().equals("qemu") || d.type().equals("kvm");
        if (d.type().equals("test") || (!qemu && d.serialLog() == null)) {
            return Optional.empty();
        }
        List<LogStream> streams = new ArrayList<>();
        if (d.serialLog() != null) {
            streams.add(new LogStream(SERIAL_LOG, LogStream.Type.GUEST_CONSOLE));
        }
        if (qemu) {
            streams.add(new LogStream(QEMU_LOG, LogStream.Type.HYPERVISOR));
        }
        String note = d.serialLog() != null ? "" : "The serial console of " + d.name() + " is not logged to a file: add "
                + "<log file='/var/log/libvirt/qemu/" + d.name() + "-serial.log' append='on'/> inside its <serial> "
                + "(virsh edit " + d.name() + "), then start it again.";
        return Optional.of(new LogStreams(streams, null, note));
    }

    /** The normalized state of a virDomainState + reason. */
    public static State state(int state, int reason) {
        return switch (state) {
            case RUNNING, BLOCKED -> State.RUNNING;
            case PAUSED -> reason == PAUSED_STARTING_UP ? State.STARTING : State.PAUSED;
            case SHUTDOWN -> State.STOPPING;
            case SHUTOFF -> State.STOPPED;
            case CRASHED -> State.FAILED;
            case PMSUSPENDED -> State.PAUSED;
            default -> State.UNKNOWN;
        };
    }

    /** The raw status as virsh prints it: {@code "shut off (destroyed)"}. */
    public static String status(int state, int reason) {
        if (state < 0 || state >= STATE_NAMES.length) {
            return "state " + state;
        }
        String[] rs = REASONS[state];
        String r = reason >= 0 && reason < rs.length ? rs[reason] : "reason " + reason;
        return r.equals("unknown") ? STATE_NAMES[state] : STATE_NAMES[state] + " (" + r + ")";
    }

    /** The actions a domain accepts in a state. */
    public static Set<Action> actions(int state, boolean persistent) {
        return switch (state) {
            case RUNNING, BLOCKED -> EnumSet.of(Action.SHUTDOWN, Action.REBOOT, Action.FORCE_OFF, Action.PAUSE);
            case PAUSED -> EnumSet.of(Action.RESUME, Action.FORCE_OFF);
            case SHUTDOWN, CRASHED, PMSUSPENDED -> EnumSet.of(Action.FORCE_OFF);
            case SHUTOFF -> persistent ? EnumSet.of(Action.START, Action.DELETE) : EnumSet.noneOf(Action.class);
            default -> EnumSet.of(Action.FORCE_OFF);
        };
    }

    static String version(long v) {
        if (v <= 0) {
            return "";
        }
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    static String mib(long kib) {
        if (kib <= 0) {
            return null;
        }
        long mib = kib / 1024;
        return mib >= 10240 && mib % 1024 == 0 ? (mib / 1024) + " GiB" : mib + " MiB";
    }
}
