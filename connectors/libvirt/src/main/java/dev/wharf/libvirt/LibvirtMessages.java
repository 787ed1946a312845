package dev.wharf.libvirt;

import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseReason;

/** What libvirt says, as Wharf tells it: libvirt's errors and a connection's close reasons as one line each. */
final class LibvirtMessages {

    private LibvirtMessages() {
    }

    /** Why a connection closed, in the user's words. */
    static String closeReason(ConnectionCloseReason reason) {
        return switch (reason) {
            case EOF -> "the daemon closed the connection (libvirtd stopped or restarted)";
            case KEEPALIVE -> "no answer to keepalive (the host or its libvirtd is frozen, or the network is down)";
            case ERROR -> "an I/O error on the connection (the daemon stopped, or the network dropped)";
            case CLIENT -> "closed by Wharf";
            default -> "unknown reason";
        };
    }

    /** Whether libvirt said the domain does not exist (any more). */
    static boolean isNoDomain(LibvirtException e) {
        Error err = e.getError();
        return err != null && err.getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    /** libvirt's own message of {@code e}. */
    static String of(LibvirtException e) {
        Error err = e.getError();
        String m = err != null && err.getMessage() != null ? err.getMessage() : e.getMessage();
        return m == null ? "unknown libvirt error" : m.strip();
    }
}
