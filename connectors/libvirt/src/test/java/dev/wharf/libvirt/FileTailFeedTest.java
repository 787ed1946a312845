package dev.wharf.libvirt;

import dev.wharf.inventory.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Tail and follow of a local log file: last lines, growth, truncation (a gap marker), rotation. */
class FileTailFeedTest {
    @TempDir
    Path dir;

    @Test
    void tailGivesTheLastLinesAndCrLfBecomesOneEnd() throws Exception {
        Path f = dir.resolve("serial.log");
        Files.writeString(f, "one\r\ntwo\r\nthree\r\nfour without end");
        LogProbe p = read(f, 2, false);
        assertThat(p.texts()).containsExactly("three", "four without end");
        assertThat(read(f, null, false).texts()).containsExactly("one", "two", "three", "four without end");
        assertThat(read(f, 0, false).texts()).isEmpty();
        assertThat(read(f, 10, false).texts()).hasSize(4);
    }

    @Test
    void followSeesGrowthTruncationAndRotation() throws Exception {
        Path f = dir.resolve("qemu.log");
        Files.writeString(f, "old 1\nold 2\n");
        FileTailFeed feed = new FileTailFeed("test", f, f.toString(), 1, true, null, null, 20);
        LogProbe p = new LogProbe();
        feed.start(p);
        try {
            p.awaitText("old 2", Duration.ofSeconds(5));
            Files.writeString(f, "new 3\npart", StandardOpenOption.APPEND);
            p.awaitText("new 3", Duration.ofSeconds(5));
            Files.writeString(f, "ial\n", StandardOpenOption.APPEND);
            p.awaitText("partial", Duration.ofSeconds(5));
            // truncated (as copytruncate does): a gap marker, then the file from its start
            Files.writeString(f, "after truncation\n", StandardOpenOption.TRUNCATE_EXISTING);
            p.awaitText("after truncation", Duration.ofSeconds(5));
            assertThat(p.lines).filteredOn(l -> l.kind() == LogLine.Kind.GAP).singleElement()
                    .satisfies(l -> assertThat(l.text()).contains("truncated").contains("may be missing"));
            // rotated: the old file's last line, a notice, the new file
            Files.writeString(f, "last of old\n", StandardOpenOption.APPEND);
            Files.move(f, dir.resolve("qemu.log.0"));
            Files.writeString(f, "first of new\n");
            p.awaitText("first of new", Duration.ofSeconds(5));
            assertThat(p.texts()).containsExactly("old 2", "new 3", "partial", "after truncation", "last of old",
                    "first of new");
            assertThat(p.lines).anySatisfy(l -> assertThat(l.text()).contains("replaced (rotated)"));
        } finally {
            feed.close();
        }
        p.awaitEnd(Duration.ofSeconds(5));
        assertThat(p.ends).isEmpty();
    }

    @Test
    void aMissingFileSaysWhy() throws Exception {
        LogProbe p = read(dir.resolve("absent.log"), null, false);
        assertThat(p.ends).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("does not exist"));
    }

    @Test
    void sinceSelectsByQemusStampsAndKeepsTheLinesAfterAStamp() throws Exception {
        Path f = dir.resolve("q.log");
        Files.writeString(f, """
                2020-01-01 10:00:00.000+0000: starting up libvirt version: 9.0.0
                qemu-system-x86_64: old warning
                2020-01-01 10:05:00.500+0000: starting up libvirt version: 9.0.0
                qemu-system-x86_64: new warning
                """, StandardCharsets.UTF_8);
        FileTailFeed feed = new FileTailFeed("t", f, f.toString(), null, false, null,
                Instant.parse("2020-01-01T10:01:00Z"), 20);
        LogProbe p = new LogProbe();
        feed.start(p);
        p.awaitEnd(Duration.ofSeconds(5));
        assertThat(p.texts()).containsExactly("2020-01-01 10:05:00.500+0000: starting up libvirt version: 9.0.0",
                "qemu-system-x86_64: new warning");
        assertThat(p.lines.get(0).time()).isEqualTo(Instant.parse("2020-01-01T10:05:00.500Z"));
        assertThat(p.lines.get(0).timestamp()).isNull(); // the text carries it already
    }

    private static LogProbe read(Path f, Integer tail, boolean follow) {
        FileTailFeed feed = new FileTailFeed("test", f, f.toString(), tail, follow, null, null, 20);
        LogProbe p = new LogProbe();
        feed.start(p);
        p.awaitEnd(Duration.ofSeconds(5));
        return p;
    }
}
