package dev.wharf.views.portforward;

import dev.wharf.inventory.Forward;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One forward as the list shows it. {@link #refresh()} copies the forward's counters and status
 * into properties; it runs on the FX thread and only reads a few volatile fields.
 */
public final class PortForwardRow {
    private final Forward forward;
    private final boolean web;
    private final ReadOnlyObjectWrapper<Forward.Status> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper sent = new ReadOnlyStringWrapper("0 B");
    private final ReadOnlyStringWrapper received = new ReadOnlyStringWrapper("0 B");
    private final ReadOnlyStringWrapper connections = new ReadOnlyStringWrapper("0");

    /** @param web whether the remote port looks like a web server (offer "Open in browser") */
    PortForwardRow(Forward forward, boolean web) {
        this.forward = forward;
        this.web = web;
        refresh();
    }

    public Forward forward() {
        return forward;
    }

    public String target() {
        return forward.target();
    }

    /** "127.0.0.1:8080 → 80". */
    public String ports() {
        String a = forward.bindAddress();
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + forward.localPort() + " \u2192 " + forward.remotePort();
    }

    /** The address to open in a browser; 0.0.0.0 / :: mean this machine. */
    public String url() {
        String a = forward.bindAddress();
        String host = a.equals("0.0.0.0") || a.equals("::") || a.equals("0:0:0:0:0:0:0:0") ? "127.0.0.1"
                : a.contains(":") ? "[" + a + "]" : a;
        return "http://" + host + ":" + forward.localPort() + "/";
    }

    public boolean web() {
        return web;
    }

    public boolean running() {
        Forward.State s = status.get().state();
        return s != Forward.State.STOPPED && s != Forward.State.TARGET_GONE;
    }

    public ReadOnlyObjectProperty<Forward.Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sentProperty() {
        return sent.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionsProperty() {
        return connections.getReadOnlyProperty();
    }

    void refresh() {
        Forward.Status s = forward.status();
        if (!s.equals(status.get())) {
            status.set(s);
        }
        sent.set(bytes(forward.bytesOut()));
        received.set(bytes(forward.bytesIn()));
        connections.set(forward.openConnections() + " open · " + forward.totalConnections() + " total");
    }

    /** 0 B, 999 B, 1.5 KiB, 12.3 MiB, 2.0 GiB. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
