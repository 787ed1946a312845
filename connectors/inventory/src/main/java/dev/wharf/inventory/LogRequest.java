package dev.wharf.inventory;

import java.time.Instant;

/**
 * What log to read, with the options of {@code kubectl logs}.
 *
 * @param stream        the log's name ({@link LogStream#name()}); null for the item's default
 * @param allStreams    every log of the item, merged (kubectl's {@code --all-containers})
 * @param follow        keep streaming new lines until closed
 * @param previous      the previous instance of the container (before its last restart)
 * @param sinceSeconds  only lines newer than this many seconds; null for no limit
 * @param sinceTime     only lines at or after this time; null for no limit (not with sinceSeconds)
 * @param tailLines     only the last lines; null for all
 * @param timestamps    whether the caller shows timestamps (sources always read them underneath)
 */
public record LogRequest(String stream, boolean allStreams, boolean follow, boolean previous,
                         Long sinceSeconds, Instant sinceTime, Integer tailLines, boolean timestamps) {

    public static LogRequest of(String stream) {
        return new LogRequest(stream, false, false, false, null, null, null, false);
    }

    public LogRequest withStream(String s) {
        return new LogRequest(s, false, follow, previous, sinceSeconds, sinceTime, tailLines, timestamps);
    }

    public LogRequest withFollow(boolean f) {
        return new LogRequest(stream, allStreams, f, previous, sinceSeconds, sinceTime, tailLines, timestamps);
    }

    public LogRequest withAllStreams(boolean a) {
        return new LogRequest(stream, a, follow, previous, sinceSeconds, sinceTime, tailLines, timestamps);
    }

    public LogRequest withPrevious(boolean p) {
        return new LogRequest(stream, allStreams, follow, p, sinceSeconds, sinceTime, tailLines, timestamps);
    }

    public LogRequest withSinceSeconds(Long s) {
        return new LogRequest(stream, allStreams, follow, previous, s, null, tailLines, timestamps);
    }

    public LogRequest withTailLines(Integer t) {
        return new LogRequest(stream, allStreams, follow, previous, sinceSeconds, sinceTime, t, timestamps);
    }
}
