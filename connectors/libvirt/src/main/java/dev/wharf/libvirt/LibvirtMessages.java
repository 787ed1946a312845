package dev.wharf.libvirt;

import java.util.List;
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

    /**
     * libvirt's own message of {@code e}, as one line: a message over several lines (libxml2's
     * "file:2: tag mismatch", the offending line, a caret line under it) keeps its text and
     * drops the caret line.
     */
    static String of(LibvirtException e) {
        Error err = e.getError();
        String m = err != null && err.getMessage() != null ? err.getMessage() : e.getMessage();
        return m == null ? "unknown libvirt error" : oneLine(m);
    }

    /** {@code text} on one line: its lines joined, caret lines ({@code ----^}) and blank ones dropped, spaces collapsed. */
    static String oneLine(String text) {
        List<String> lines = text.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("[-~ ]*\\^[-~ ]*"))
                .map(l -> l.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?"))
                .toList();
        if (lines.size() <= 1) {
            return lines.isEmpty() ? "" : lines.get(0);
        }
        return lines.get(0) + " (" + String.join("; ", lines.subList(1, lines.size())) + ")";
    }

    /**
     * Adds what libxml2 printed on its own while libvirt failed ({@code extra}, one line) to
     * libvirt's message, unless it says nothing more.
     */
    static String with(String message, String extra) {
        if (extra == null || extra.isBlank() || message.contains(extra)) {
            return message;
        }
        return message + " (libxml2: " + extra + ")";
    }
}
