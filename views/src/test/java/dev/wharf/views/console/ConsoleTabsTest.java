package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;

import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Console tabs in a headless window: several at once, status lines, pop-out, reconnect, log to file. */
class ConsoleTabsTest {
    static final Item DB = Item.builder("h1|vm/db", "h1", Kind.VM, "db").build();
    static final Item WEB = Item.builder("k|pod/lab/web", "k", Kind.POD, "web").namespace("lab").build();

    @TempDir
    Path dir;

    private final Map<String, FakeStream> streams = new ConcurrentHashMap<>();
    private final List<ConsoleRequest> requests = new CopyOnWriteArrayList<>();
    private ConsoleTabs tabs;
    private Stage stage;

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        stage = Fx.call(() -> {
            tabs = new ConsoleTabs((item, request) -> {
                requests.add(request);
                FakeStream s = new FakeStream(request.type().wire() + " of " + item.name());
                streams.put(item.name() + "#" + requests.size(), s);
                return CompletableFuture.completedFuture(s);
            }, () -> new JediTermWidget(TextClipboard.system(), 80, 24),
                    view -> suggested -> dir.resolve(suggested.getName()).toFile());
            Stage s = new Stage();
            s.setScene(new Scene(tabs, 900, 600));
            s.show();
            return s;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.run(() -> {
            tabs.closeAll();
            stage.close();
        });
    }

    /** On the JavaFX thread. */
    private ConsoleView v(int i) {
        return tabs.views().get(i);
    }

    private ConsoleView view(int i) throws Exception {
        return Fx.call(() -> tabs.views().get(i));
    }

    @Test
    void opensSeveralConsolesEachWithItsStatusLineAndFocusesAnOpenOne() throws Exception {
        Fx.run(() -> {
            tabs.open(DB, ConsoleType.SERIAL);
            tabs.open(WEB, ConsoleType.EXEC);
        });
        Fx.await("both connected", () -> tabs.views().size() == 2
                && tabs.views().stream().allMatch(v -> v.statusText().startsWith("Connected")));
        assertThat(Fx.call(() -> tabs.getTabs().stream().map(t -> t.getText()).toList()))
                .containsExactly("db (serial)", "web (exec)");
        assertThat(view(0).statusText()).isEqualTo("Connected: serial of db");

        Fx.run(() -> tabs.open(DB, ConsoleType.SERIAL));
        assertThat(Fx.call(() -> tabs.getTabs().size())).as("no second tab for the same console").isEqualTo(2);
        assertThat(Fx.call(() -> tabs.getSelectionModel().getSelectedIndex())).isZero();

        // output reaches the terminal; typing reaches the stream
        FakeStream db = streams.get("db#1");
        db.emit("buildroot login: ");
        JediTermWidget terminal = (JediTermWidget) view(0).terminal();
        Fx.await("the prompt on screen", () -> terminal.textBuffer().getLine(0).getText().startsWith("buildroot login:"));
        view(0).model().send("root\r".getBytes());
        assertThat(db.writtenText()).isEqualTo("root\r");
    }

    @Test
    void showsWhyItDisconnectedAndReconnectsByItselfOrByTheButton() throws Exception {
        Fx.run(() -> tabs.open(DB, ConsoleType.SERIAL));
        Fx.await("connected", () -> v(0).statusText().startsWith("Connected"));
        streams.get("db#1").end(ConsoleEnd.of(ConsoleEnd.Reason.TAKEN_OVER, "virt-manager opened it."));
        Fx.await("taken over", () -> v(0).statusText().equals("Taken over by another client: virt-manager opened it."));
        // the status line's colour follows its phase (wharf.css): taken over is greyed, not red
        assertThat(Fx.call(() -> v(0).lookup(".console-status").getPseudoClassStates().stream()
                .map(javafx.css.PseudoClass::getPseudoClassName).toList()))
                .contains("disconnected", "taken-over").doesNotContain("connected");

        Fx.run(() -> toolbarItem(v(0), javafx.scene.control.Button.class, "Reconnect").fire());
        Fx.await("reconnected", () -> v(0).statusText().startsWith("Connected"));
        assertThat(requests.get(1).force()).isTrue();

        streams.get("db#2").end(ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, "h1 went away."));
        Fx.await("counting down", () -> v(0).statusText().equals("Disconnected: h1 went away. Reconnecting in 1 s."));
        Fx.await("back by itself", () -> v(0).statusText().startsWith("Connected") && requests.size() == 3);
        assertThat(requests.get(2).force()).isFalse();
    }

    @Test
    void popsOutIntoItsOwnWindowAndClosingTheWindowClosesTheConsole() throws Exception {
        Fx.run(() -> {
            tabs.open(DB, ConsoleType.SERIAL);
            tabs.open(WEB, ConsoleType.EXEC);
        });
        Fx.await("connected", () -> tabs.views().size() == 2 && v(0).statusText().startsWith("Connected"));
        ConsoleView db = view(0);
        Fx.run(() -> tabs.popOut(db));
        assertThat(Fx.call(() -> tabs.getTabs().size())).isEqualTo(1);
        Window window = Fx.call(() -> db.getScene().getWindow());
        assertThat(window).isNotSameAs(stage);
        assertThat(Fx.call(() -> ((Stage) window).getTitle())).isEqualTo("db (serial) — Wharf");
        assertThat(Fx.call(window::isShowing)).isTrue();
        streams.get("db#1").emit("still here");
        Fx.await("the terminal keeps working", () ->
                ((JediTermWidget) db.terminal()).textBuffer().getLine(0).getText().startsWith("still here"));

        // Dock puts it back into a tab, still connected
        Fx.run(() -> db.popOut.fire());
        assertThat(Fx.call(() -> tabs.getTabs().size())).isEqualTo(2);
        assertThat(Fx.call(window::isShowing)).isFalse();
        assertThat(Fx.call(() -> db.getScene().getWindow())).isSameAs(stage);
        assertThat(streams.get("db#1").closed).isFalse();

        Fx.run(() -> db.popOut.fire());
        Window again = Fx.call(() -> db.getScene().getWindow());
        Fx.run(again::hide);
        Fx.await("the stream closed", () -> streams.get("db#1").closed);
        assertThat(Fx.call(() -> tabs.views().size())).isEqualTo(1);
        assertThat(streams.get("web#2").closed).isFalse();
    }

    @Test
    void closingATabClosesItsStream() throws Exception {
        Fx.run(() -> tabs.open(WEB, ConsoleType.EXEC));
        Fx.await("connected", () -> v(0).statusText().startsWith("Connected"));
        Fx.run(() -> tabs.close(v(0)));
        Fx.await("the stream closed", () -> streams.get("web#1").closed);
        assertThat(Fx.call(() -> tabs.getTabs())).isEmpty();
    }

    @Test
    void logsTheSessionToTheChosenFile() throws Exception {
        Fx.run(() -> tabs.open(DB, ConsoleType.SERIAL));
        Fx.await("connected", () -> v(0).statusText().startsWith("Connected"));
        javafx.scene.control.ToggleButton toggle = Fx.call(
                () -> toolbarItem(v(0), javafx.scene.control.ToggleButton.class, "Log to file"));
        Fx.run(toggle::fire);
        Path file = Fx.call(() -> v(0).model().logFile());
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).startsWith("db-").endsWith(".log");

        streams.get("db#1").emit("\u001b[1mboot\u001b[0m ok\r\n");
        Fx.run(toggle::fire);
        Fx.await("the log closed", () -> v(0).model().logFile() == null);
        Fx.await("the bytes on disk", () -> {
            try {
                return Files.readString(file).equals("\u001b[1mboot\u001b[0m ok\r\n");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(new File(file.toString())).hasContent("\u001b[1mboot\u001b[0m ok\r\n");
    }

    /**
     * A control of the console's toolbar by its text. Through the toolbar's items, not a scene
     * lookup: a ToolBar moves what does not fit into its overflow menu, out of the scene graph.
     */
    private static <T extends javafx.scene.control.Labeled> T toolbarItem(ConsoleView view, Class<T> type, String text) {
        javafx.scene.control.ToolBar bar = (javafx.scene.control.ToolBar) view.lookup(".tool-bar");
        return bar.getItems().stream().filter(type::isInstance).map(type::cast)
                .filter(c -> text.equals(c.getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + text + " in the console toolbar"));
    }
}
