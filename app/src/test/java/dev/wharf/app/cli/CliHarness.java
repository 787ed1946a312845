package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.SourceType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs the CLI on fake sources and captures stdout and stderr. */
final class CliHarness {
    final Inventory inventory = new Inventory();
    final List<FakeSource> sources = new ArrayList<>();
    final List<SourceOptions> opened = new ArrayList<>();
    final List<SourceOptions> desktops = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(new byte[0]);
    Duration syncTimeout = Duration.ofSeconds(5);
    Session session;

    FakeSource source(SourceType type, String name) {
        FakeSource s = new FakeSource(inventory, type, name);
        sources.add(s);
        return s;
    }

    int run(String... args) {
        Cli cli = Cli.builder()
                .sessions((o, p) -> {
                    opened.add(o);
                    session = new Session(inventory, List.copyOf(sources), List.of(), null);
                    return session;
                })
                .desktop(o -> {
                    desktops.add(o);
                    return 0;
                })
                .in(in, false)
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .clock(Clock.fixed(Fixtures.NOW, ZoneOffset.UTC))
                .syncTimeout(syncTimeout)
                .build();
        return cli.run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> errLines() {
        return err().lines().toList();
    }

    static <T> T with(T t, Function<T, T> f) {
        return f.apply(t);
    }
}
