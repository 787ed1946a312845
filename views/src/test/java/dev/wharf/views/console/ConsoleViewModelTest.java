package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleStream.SpecialKey;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.console.ConsoleViewModel.Phase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The console's state machine, without JavaFX: a synchronous executor and a fake clock. */
class ConsoleViewModelTest {
    static final Item DB = Item.builder("h1|vm/db", "h1", Kind.VM, "db").build();

    final FakeScheduler clock = new FakeScheduler();
    final List<ConsoleRequest> requests = new ArrayList<>();
    final List<CompletableFuture<ConsoleStream>> opens = new ArrayList<>();
    final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    final List<String> statusLines = new ArrayList<>();

    final ConsoleViewModel model = new ConsoleViewModel((item, request) -> {
        requests.add(request);
        CompletableFuture<ConsoleStream> f = new CompletableFuture<>();
        opens.add(f);
        return f;
    }, DB, ConsoleType.SERIAL, Runnable::run, clock, Runnable::run);

    {
        model.onOutput(terminal::writeBytes);
        model.addListener(() -> statusLines.add(model.statusText()));
    }

    private FakeStream connect(int attempt) {
        FakeStream s = new FakeStream("serial console of db on h1");
        opens.get(attempt).complete(s);
        return s;
    }

    @Test
    void connectsShowsOutputAndSendsKeystrokesAndTheTerminalSize() {
        model.resize(120, 40);
        model.connect();
        assertThat(model.phase()).isEqualTo(Phase.CONNECTING);
        assertThat(model.statusText()).isEqualTo("Connecting to db…");
        assertThat(requests.get(0)).isEqualTo(new ConsoleRequest(ConsoleType.SERIAL, false, null, List.of(), 120, 40));

        FakeStream s = connect(0);
        assertThat(model.phase()).isEqualTo(Phase.CONNECTED);
        assertThat(model.statusText()).isEqualTo("Connected: serial console of db on h1");
        assertThat(model.canReconnect()).isFalse();

        s.emit("login: ");
        assertThat(terminal.toString()).isEqualTo("login: ");
        model.send("root\r".getBytes());
        assertThat(s.writtenText()).isEqualTo("root\r");
        model.resize(100, 30);
        assertThat(s.sizes).extracting(a -> a[0] + "x" + a[1]).containsExactly("120x40", "100x30");
    }

    @Test
    void aLostConnectionReconnectsWithBackoffAndCountsDown() {
        model.connect();
        FakeStream first = connect(0);
        first.end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "the host went away."));

        assertThat(model.phase()).isEqualTo(Phase.RECONNECTING);
        assertThat(model.statusText()).isEqualTo("Disconnected: the host went away. Reconnecting in 1 s.");
        assertThat(model.canReconnect()).isTrue();
        clock.advance(Duration.ofMillis(999));
        assertThat(opens).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(opens).as("reconnected after 1 s").hasSize(2);
        assertThat(model.statusText()).isEqualTo("Reconnecting to db…");

        // it fails to come back: 2 s, then 4 s …
        opens.get(1).completeExceptionally(new WharfException("Could not reach h1: connection refused."));
        assertThat(model.statusText()).isEqualTo("Disconnected: Could not reach h1: connection refused. Reconnecting in 2 s.");
        clock.advance(Duration.ofSeconds(1));
        assertThat(model.statusText()).endsWith("Reconnecting in 1 s.");
        clock.advance(Duration.ofSeconds(1));
        opens.get(2).completeExceptionally(new WharfException("still down."));
        assertThat(model.secondsToReconnect()).isEqualTo(4);

        for (int i = 3, expected = 8; i < 8; i++, expected = Math.min(30, expected * 2)) {
            clock.advance(Duration.ofSeconds(model.secondsToReconnect()));
            opens.get(i).completeExceptionally(new WharfException("still down."));
            assertThat(model.secondsToReconnect()).isEqualTo(expected);
        }
        assertThat(model.secondsToReconnect()).as("capped").isEqualTo(30);

        clock.advance(Duration.ofSeconds(30));
        FakeStream back = connect(8);
        assertThat(model.phase()).isEqualTo(Phase.CONNECTED);
        back.emit("again");
        assertThat(terminal.toString()).isEqualTo("again");
    }

    @Test
    void aStableConnectionStartsTheBackoffOver() {
        model.connect();
        connect(0).end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "x"));
        clock.advance(Duration.ofSeconds(1));
        FakeStream flapping = connect(1);
        flapping.end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "x"));
        assertThat(model.secondsToReconnect()).as("dropped at once: back off").isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        FakeStream stable = connect(2);
        clock.advance(Duration.ofMinutes(5));
        stable.end(ConsoleEnd.of(ConsoleEnd.Reason.GUEST_STOPPED, "db powered off."));
        assertThat(model.secondsToReconnect()).isEqualTo(1);
    }

    @Test
    void takenOverDoesNotReconnectByItselfButTheButtonTakesItBack() {
        model.connect();
        connect(0).end(ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "another client opened it."));

        assertThat(model.phase()).isEqualTo(Phase.DISCONNECTED);
        assertThat(model.statusText()).isEqualTo("Taken over by another client: another client opened it.");
        clock.advance(Duration.ofMinutes(5));
        assertThat(opens).as("no automatic reconnect").hasSize(1);
        assertThat(clock.pending()).isZero();

        model.reconnect();
        assertThat(requests.get(1).force()).as("the user asked to take it over").isTrue();
        connect(1);
        assertThat(model.phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void aShellThatExitedShowsItsStatusAndStays() {
        model.connect();
        connect(0).end(new ConsoleEnd(ConsoleEnd.Reason.EXITED, "the shell exited with status 3.", 3));
        assertThat(model.phase()).isEqualTo(Phase.DISCONNECTED);
        assertThat(model.statusText()).isEqualTo("Ended: the shell exited with status 3.");
        clock.advance(Duration.ofMinutes(1));
        assertThat(opens).hasSize(1);
    }

    @Test
    void closingStopsEverythingAndNoReconnectFollows() {
        model.connect();
        FakeStream s = connect(0);
        model.close();
        assertThat(s.closed).isTrue();
        assertThat(model.phase()).isEqualTo(Phase.CLOSED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(opens).hasSize(1);

        model.reconnect();
        assertThat(opens).as("closed for good").hasSize(1);
    }

    @Test
    void closingWhileReconnectingCancelsTheCountdown() {
        model.connect();
        connect(0).end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "x"));
        model.close();
        clock.advance(Duration.ofMinutes(1));
        assertThat(opens).hasSize(1);
    }

    @Test
    void reconnectWhileAnAttemptHangsAbandonsIt() {
        model.connect();
        assertThat(model.canReconnect()).isTrue();
        model.reconnect();
        assertThat(opens).hasSize(2);
        FakeStream late = connect(0);
        assertThat(late.closed).as("the abandoned attempt's stream").isTrue();
        assertThat(model.phase()).isEqualTo(Phase.CONNECTING);
        connect(1);
        assertThat(model.phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void aStreamThatArrivesAfterCloseIsClosedAtOnce() {
        model.connect();
        model.close();
        FakeStream late = connect(0);
        assertThat(late.closed).isTrue();
        assertThat(model.phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void specialKeysFollowTheStreamAndCtrlBracketIsAByte() {
        model.connect();
        assertThat(model.specialKeys()).isEmpty();
        FakeStream s = new FakeStream("serial");
        s.keys = Set.of(SpecialKey.CTRL_ALT_DEL, SpecialKey.BREAK);
        opens.get(0).complete(s);
        assertThat(model.specialKeys()).containsExactlyInAnyOrder(SpecialKey.CTRL_ALT_DEL, SpecialKey.BREAK);
        model.sendSpecial(SpecialKey.BREAK);
        assertThat(s.specials).containsExactly(SpecialKey.BREAK);
        model.sendCtrlRightBracket();
        assertThat(s.written.toByteArray()).containsExactly(0x1d);
    }

    @Test
    void logToFileRecordsTheBytesExactlyAsReceived(@TempDir Path dir) throws Exception {
        model.connect();
        FakeStream s = connect(0);
        s.emit("before the log\r\n");
        Path file = dir.resolve("db.log");
        model.startLog(file);
        assertThat(model.logFile()).isEqualTo(file);
        byte[] raw = {0x1b, '[', '3', '1', 'm', 'r', 'e', 'd', 0x1b, '[', '0', 'm', '\r', '\n', (byte) 0xc3};
        s.listener.onData(raw);
        s.listener.onData(new byte[] {(byte) 0xa9, 0, (byte) 0xff});
        model.stopLog().get(5, TimeUnit.SECONDS);
        s.emit("after the log");

        assertThat(Files.readAllBytes(file)).containsExactly(0x1b, '[', '3', '1', 'm', 'r', 'e', 'd', 0x1b, '[', '0',
                'm', '\r', '\n', 0xc3, 0xa9, 0, 0xff);
        assertThat(model.logFile()).isNull();
    }

    @Test
    void aLogFileThatCannotBeWrittenSaysSo(@TempDir Path dir) {
        model.connect();
        connect(0);
        model.startLog(dir.resolve("missing-folder").resolve("db.log"));
        assertThat(model.logFile()).isNull();
        assertThat(model.statusText()).contains("Stopped logging to").contains("permissions");
    }
}
