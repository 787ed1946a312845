package dev.wharf.kubernetes.logs;

import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import java.util.List;

/** A feed that first tells something ("Defaulted container …"), then passes the log on. */
final class NoticeFeed implements LogFeed {
    private final LogFeed inner;
    private final List<LogLine> notices;

    NoticeFeed(LogFeed inner, List<LogLine> notices) {
        this.inner = inner;
        this.notices = List.copyOf(notices);
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public void start(Listener listener) {
        notices.forEach(listener::onLine);
        inner.start(listener);
    }

    @Override
    public void close() {
        inner.close();
    }
}
