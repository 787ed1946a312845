package dev.wharf.inventory;

/**
 * An open log: lines, and markers, in order, until it ends. Life: {@link #start(Listener)}
 * once; lines arrive on a connector thread; {@link Listener#onEnd} is called exactly once
 * (after the last line of a log read without following, when the source ended a followed one,
 * or after {@link #close()}).
 */
public interface LogFeed extends AutoCloseable {

    /** Receives lines and the end. Do not block for long in these calls. */
    interface Listener {
        void onLine(LogLine line);

        /** The feed ended; {@code error} is null for a normal end (the log is complete, or closed). */
        void onEnd(WharfException error);
    }

    /** What this log is, for a title ("logs of pod/shop/web-1, container nginx"). */
    String description();

    void start(Listener listener);

    /** Stops reading; idempotent. */
    @Override
    void close();
}
