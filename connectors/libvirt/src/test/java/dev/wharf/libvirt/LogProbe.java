package dev.wharf.libvirt;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.WharfException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A log listener for tests: collects lines and markers, records the end. */
final class LogProbe implements LogFeed.Listener {
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    final List<WharfException> ends = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    @Override
    public void onLine(LogLine line) {
        lines.add(line);
    }

    @Override
    public void onEnd(WharfException error) {
        if (error != null) {
            ends.add(error);
        }
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** The log's own lines (no markers), one string. */
    String text() {
        return lines.stream().filter(l -> !l.isMarker()).map(LogLine::text).collect(Collectors.joining("\n"));
    }

    List<String> texts() {
        return lines.stream().filter(l -> !l.isMarker()).map(LogLine::text).toList();
    }

    void awaitText(String s, Duration timeout) {
        Await.until(this::text, t -> t.contains(s), timeout, "a log line containing '" + s + "'");
    }

    void awaitEnd(Duration timeout) {
        Await.until(this::ended, e -> e, timeout, "the log ended; lines: " + lines + ", errors: " + ends);
    }
}
