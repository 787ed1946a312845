package dev.wharf.libvirt;

import com.sun.jna.ptr.IntByReference;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A libvirt source's consoles (serial, and VNC displays as raw RFB streams): opens them on the
 * source's worker, keeps the open ones so the connection can end them (domain stopped, connection
 * lost, source closed), and works out why a console's stream ended on its own.
 */
final class LibvirtConsoles {
    /** An open console the connection may have to end. */
    interface Open {
        String domainUuid();

        void end(ConsoleEnd why);
    }

    private final DomainCalls calls;
    private final boolean supported;
    private final String driver;
    private final Supplier<String> hostName;
    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private final VncOpener vnc;

    LibvirtConsoles(DomainCalls calls, boolean supported, String driver, Supplier<String> hostName,
                    CredentialPrompt prompt) {
        this.calls = calls;
        this.supported = supported;
        this.driver = driver;
        this.hostName = hostName;
        this.vnc = new VncOpener(calls.uri(), prompt);
    }

    CompletableFuture<ConsoleStream> open(Item item, ConsoleRequest request) {
        if (request.type() != ConsoleType.SERIAL && request.type() != ConsoleType.VNC) {
            return CompletableFuture.failedFuture(new WharfException(item.name()
                    + " offers a serial console and a VNC display only."));
        }
        if (!supported) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " has no console: the libvirt "
                    + driver + " driver cannot open console streams."));
        }
        if (request.type() == ConsoleType.VNC) {
            return calls.onDomain(item, "Open the VNC display of", d -> {
                String uuid = d.getUUIDString();
                VncConsole c = vnc.open(d, item.name(), uuid, "VNC display of " + item.name() + " on " + hostName.get(),
                        () -> resolveEnd(item.name(), uuid, ConsoleType.VNC), open::remove);
                open.add(c);
                return (ConsoleStream) c;
            });
        }
        return calls.onDomain(item, "Open the serial console of", d -> {
            String uuid = d.getUUIDString();
            LibvirtConsole c = LibvirtConsole.open(d.getConnect(), d, item.name(), uuid, request.force(),
                    "serial console of " + item.name() + " on " + hostName.get(),
                    () -> resolveEnd(item.name(), uuid, ConsoleType.SERIAL), open::remove);
            open.add(c);
            return (ConsoleStream) c;
        });
    }

    /** Ends every open console. */
    void endAll(ConsoleEnd end) {
        for (Open c : List.copyOf(open)) {
            c.end(end);
        }
    }

    /** Ends the consoles of one domain. */
    void endDomain(String uuid, ConsoleEnd end) {
        for (Open c : List.copyOf(open)) {
            if (c.domainUuid().equalsIgnoreCase(uuid)) {
                c.end(end);
            }
        }
    }

    /** Why a console's stream ended on its own (called on the console's thread). */
    private ConsoleEnd resolveEnd(String name, String uuid, ConsoleType type) {
        CompletableFuture<ConsoleEnd> f = new CompletableFuture<>();
        // After 200 ms: let a lifecycle or close event say it first.
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() ->
                calls.onConnection("Check " + name, c -> {
                    f.complete(endOf(c, name, uuid, type));
                    return null;
                }).whenComplete((v, t) -> {
                    if (t != null) {
                        f.complete(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the connection to " + calls.uri()
                                + " dropped"));
                    }
                }));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "no answer from " + calls.uri());
        }
    }

    /** A console's stream ended while its domain runs: someone else has it (or QEMU let us go). */
    static ConsoleEnd stillRunning(String name, ConsoleType type) {
        return type == ConsoleType.VNC
                ? ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "the VNC display of " + name + " closed this connection while "
                        + name + " runs: another viewer asked for the display to itself, or its password changed")
                : ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "another client took over the serial console of " + name);
    }

    private ConsoleEnd endOf(Connect c, String name, String uuid, ConsoleType type) {
        Domain d = null;
        try {
            if (!c.isAlive()) {
                return ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the connection to " + calls.uri() + " dropped");
            }
            d = c.domainLookupByUUIDString(uuid);
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference();
            boolean crashed = NativeShim.lib().virDomainGetState(NativeShim.domainPointer(d), state, reason, 0) == 0
                    && state.getValue() == 5 // shut off, and QEMU died: crashed (3) or failed (6, what
                    && (reason.getValue() == 3 || reason.getValue() == 6); // libvirt says after a killed QEMU)
            return d.isActive() == 1 ? stillRunning(name, type)
                    : crashed ? ConsoleEnd.of(ConsoleEnd.Reason.ERROR, name + " went away: its QEMU process ended unexpectedly")
                    : ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, name + " stopped");
        } catch (LibvirtException e) {
            return LibvirtMessages.isNoDomain(e)
                    ? ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, name + " is gone")
                    : ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, LibvirtMessages.of(e));
        } finally {
            if (d != null) {
                try {
                    d.free();
                } catch (LibvirtException | RuntimeException e) {
                    // already gone
                }
            }
        }
    }
}
