package dev.wharf.views.logs;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import java.time.Instant;

/** A log the test writes into. */
final class HandFeed implements LogFeed {
    private volatile Listener listener;
    volatile boolean closed;

    @Override
    public String description() {
        return "log of pod/shop/web/app";
    }

    @Override
    public void start(Listener l) {
        listener = l;
    }

    boolean started() {
        return listener != null;
    }

    void line(int second, String text) {
        Instant t = Instant.parse("2026-12-02T10:00:00Z").plusSeconds(second);
        listener.onLine(LogLine.line(t.toString(), t, "pod/web/app", text));
    }

    void marker(LogLine.Kind kind, String text) {
        listener.onLine(LogLine.marker(kind, null, "pod/web/app", text));
    }

    @Override
    public void close() {
        closed = true;
    }
}
