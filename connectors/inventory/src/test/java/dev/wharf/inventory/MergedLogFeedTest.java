package dev.wharf.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MergedLogFeedTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** A feed the test drives by hand. */
    static final class Hand implements LogFeed {
        Listener listener;

        @Override public String description() { return "hand"; }
        @Override public void start(Listener l) { listener = l; }
        @Override public void close() { listener.onEnd(null); }

        void line(int second, String origin, String text) {
            listener.onLine(LogLine.line(null, T0.plusSeconds(second), origin, text));
        }
    }

    @Test
    void linesOfSeveralLogsComeOutInTimestampOrderWithTheirOrigin() throws Exception {
        Hand a = new Hand();
        Hand b = new Hand();
        List<String> out = new CopyOnWriteArrayList<>();
        CountDownLatch end = new CountDownLatch(1);
        MergedLogFeed merged = new MergedLogFeed("both", List.of(a, b), Long.MAX_VALUE);
        merged.start(new LogFeed.Listener() {
            @Override public void onLine(LogLine line) { out.add(line.origin() + ":" + line.text()); }
            @Override public void onEnd(WharfException error) { end.countDown(); }
        });
        a.line(1, "pod/a/x", "a1");
        a.line(4, "pod/a/x", "a4");
        assertThat(out).as("b may still have earlier lines").isEmpty();
        b.line(2, "pod/b/x", "b2");
        assertThat(out).containsExactly("pod/a/x:a1", "pod/b/x:b2");
        b.line(3, "pod/b/x", "b3");
        a.close();
        b.line(5, "pod/b/x", "b5");
        b.close();
        assertThat(end.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).containsExactly("pod/a/x:a1", "pod/b/x:b2", "pod/b/x:b3", "pod/a/x:a4", "pod/b/x:b5");
    }

    @Test
    void followingAQuietLogDoesNotHoldTheOthersBack() throws Exception {
        Hand busy = new Hand();
        Hand quiet = new Hand();
        List<String> out = new CopyOnWriteArrayList<>();
        MergedLogFeed merged = new MergedLogFeed("both", List.of(busy, quiet), 100);
        merged.start(new LogFeed.Listener() {
            @Override public void onLine(LogLine line) { out.add(line.text()); }
            @Override public void onEnd(WharfException error) { }
        });
        busy.line(1, "pod/a/x", "first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (out.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out).containsExactly("first");
        merged.close();
    }
}
