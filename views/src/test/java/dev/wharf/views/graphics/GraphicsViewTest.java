package dev.wharf.views.graphics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleBusyException;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.console.ConsoleTabs;

import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The Graphics tab in a headless window, against a fake RFB server behind a console stream. */
class GraphicsViewTest {
    static final Item DB = Item.builder("k|vm/lab/db", "k", Kind.VM, "db").namespace("lab")
            .consoles(List.of(ConsoleType.SERIAL, ConsoleType.VNC)).build();

    private final List<ConsoleRequest> requests = new CopyOnWriteArrayList<>();
    private final List<FakeRfbStream> streams = new CopyOnWriteArrayList<>();
    private volatile boolean busyFirst;
    private volatile boolean relativeMouse;
    private ConsoleTabs tabs;
    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void setUp() throws Exception {
        stage = call(() -> {
            tabs = new ConsoleTabs((item, request) -> {
                requests.add(request);
                if (busyFirst && !request.force()) {
                    return CompletableFuture.failedFuture(new ConsoleBusyException(
                            "Someone else is connected to the graphical console of db. Take over to disconnect them.", null));
                }
                FakeRfbStream s = new FakeRfbStream(64, 48, relativeMouse);
                streams.add(s);
                return CompletableFuture.completedFuture((ConsoleStream) s);
            });
            Stage s = new Stage();
            s.setScene(new Scene(tabs, 800, 500));
            s.show();
            return s;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        call(() -> {
            tabs.closeAll();
            stage.close();
            return null;
        });
    }

    private GraphicsView open() throws Exception {
        GraphicsView v = call(() -> {
            tabs.open(DB, ConsoleType.VNC);
            return tabs.graphics().views().get(0);
        });
        await("connected", () -> v.model().phase() == dev.wharf.views.console.ConsoleViewModel.Phase.CONNECTED);
        return v;
    }

    private static int pixel(GraphicsView v, int x, int y) throws Exception {
        return call(() -> v.image() == null ? 0 : v.image().getPixelReader().getArgb(x, y));
    }

    @Test
    void theGraphicsTabShowsTheGuestsFrame() throws Exception {
        GraphicsView v = open();
        assertThat(requests.get(0).type()).isEqualTo(ConsoleType.VNC);
        assertThat(call(() -> tabs.getTabs().get(0).getText())).isEqualTo("db (graphics)");
        FakeRfbStream s = streams.get(0);
        s.rect(0, 0, 64, 48, 0x204080);
        s.rect(8, 8, 4, 4, 0xFF0000);
        await("the frame", () -> v.image() != null && v.image().getPixelReader().getArgb(9, 9) == 0xFFFF0000);
        assertThat(pixel(v, 0, 0)).isEqualTo(0xFF204080);
        assertThat(pixel(v, 63, 47)).isEqualTo(0xFF204080);
        assertThat(call(() -> v.image().getWidth())).isEqualTo(64.0);
        assertThat(call(v::statusText)).startsWith("Connected: graphical console of a fake RFB server");
    }

    @Test
    void keysReachTheStreamAsXtScancodesWhileTheKeyboardIsGrabbedAndCtrlAltReleasesIt() throws Exception {
        GraphicsView v = open();
        FakeRfbStream s = streams.get(0);
        await("the RFB session", () -> v.session().client() != null);
        call(() -> {
            v.focusScreen();
            return null;
        });
        await("the grab", v::keyboardGrabbed);
        assertThat(call(v::statusText)).contains("Keyboard grabbed").contains("Ctrl+Alt releases");
        call(() -> {
            press(v, KeyCode.A, "a");
            press(v, KeyCode.ENTER, "\r");
            press(v, KeyCode.F12, "");
            press(v, KeyCode.UP, "");
            press(v, KeyCode.TAB, "\t");
            return null;
        });
        long deadline = System.currentTimeMillis() + 10_000;
        while (s.keys.size() < 10 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(s.keys).containsExactly(
                new FakeRfbStream.KeyEvent(0x1E, 'a', true), new FakeRfbStream.KeyEvent(0x1E, 'a', false),
                new FakeRfbStream.KeyEvent(0x1C, 0xFF0D, true), new FakeRfbStream.KeyEvent(0x1C, 0xFF0D, false),
                new FakeRfbStream.KeyEvent(0x58, 0xFFC9, true), new FakeRfbStream.KeyEvent(0x58, 0xFFC9, false),
                new FakeRfbStream.KeyEvent(0xC8, 0xFF52, true), new FakeRfbStream.KeyEvent(0xC8, 0xFF52, false),
                new FakeRfbStream.KeyEvent(0x0F, 0xFF09, true), new FakeRfbStream.KeyEvent(0x0F, 0xFF09, false));

        // Ctrl+Alt lets the keyboard go; the guest sees both keys released
        s.keys.clear();
        call(() -> {
            fire(v, KeyEvent.KEY_PRESSED, KeyCode.CONTROL);
            fire(v, KeyEvent.KEY_PRESSED, KeyCode.ALT);
            return null;
        });
        assertThat(call(v::keyboardGrabbed)).isFalse();
        assertThat(call(v::statusText)).contains("Click the screen");
        Thread.sleep(200);
        assertThat(s.keys).contains(new FakeRfbStream.KeyEvent(0x1D, 0xFFE3, true),
                new FakeRfbStream.KeyEvent(0x1D, 0xFFE3, false), new FakeRfbStream.KeyEvent(0x38, 0xFFE9, false));
        int before = s.keys.size();
        call(() -> {
            press(v, KeyCode.B, "b");
            return null;
        });
        Thread.sleep(200);
        assertThat(s.keys).as("no keys go to the guest once released").hasSize(before);
    }

    @Test
    void sendKeysCtrlAltDelIsAChordOfScancodes() throws Exception {
        GraphicsView v = open();
        FakeRfbStream s = streams.get(0);
        await("the RFB session", () -> v.session().client() != null);
        v.session().chord(dev.wharf.rfb.Keys.CTRL_L, dev.wharf.rfb.Keys.ALT_L, dev.wharf.rfb.Keys.DELETE);
        long deadline = System.currentTimeMillis() + 10_000;
        while (s.keys.size() < 6 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(s.keys).extracting(FakeRfbStream.KeyEvent::scancode).containsExactly(0x1D, 0x38, 0xD3, 0xD3, 0x38, 0x1D);
    }

    @Test
    void aRelativeMouseShowsTheTabletNotice() throws Exception {
        relativeMouse = true;
        GraphicsView v = open();
        await("the notice", v::noticeShown);
    }

    @Test
    void whenSomeoneElseIsConnectedTheTabSaysSoAndTakeOverConnects() throws Exception {
        busyFirst = true;
        GraphicsView v = call(() -> {
            tabs.open(DB, ConsoleType.VNC);
            return tabs.graphics().views().get(0);
        });
        await("refused", () -> v.model().busy());
        assertThat(call(v::statusText)).startsWith("In use: Someone else is connected");
        assertThat(call(v::reconnectText)).isEqualTo("Take over");
        Thread.sleep(1500);
        assertThat(requests).as("no retry on its own: the other viewer keeps the console").hasSize(1);
        call(() -> {
            v.clickReconnect();
            return null;
        });
        await("connected", () -> v.model().phase() == dev.wharf.views.console.ConsoleViewModel.Phase.CONNECTED);
        assertThat(requests.get(1).force()).isTrue();
        assertThat(call(v::reconnectText)).isEqualTo("Reconnect");
    }

    private static void press(GraphicsView v, KeyCode code, String text) {
        Event.fireEvent(v.screenNode(), new KeyEvent(KeyEvent.KEY_PRESSED, "", text, code, false, false, false, false));
        Event.fireEvent(v.screenNode(), new KeyEvent(KeyEvent.KEY_RELEASED, "", text, code, false, false, false, false));
    }

    private static void fire(GraphicsView v, javafx.event.EventType<KeyEvent> type, KeyCode code) {
        Event.fireEvent(v.screenNode(), new KeyEvent(type, "", "", code, false, code == KeyCode.CONTROL, code == KeyCode.ALT,
                false));
    }

    static <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!call(condition::getAsBoolean)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
