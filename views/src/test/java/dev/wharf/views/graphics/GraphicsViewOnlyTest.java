package dev.wharf.views.graphics;

import static dev.wharf.views.graphics.GraphicsViewTest.await;
import static dev.wharf.views.graphics.GraphicsViewTest.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.console.ConsoleViewModel;
import dev.wharf.views.model.Backend;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Graphics tab of a VM on a read-only connection, opened through the {@link Backend} as the
 * window does: the guest's frames show, but no key, pointer event or typed text leaves the client
 * (the fake RFB server records every client message), and the tab says it only shows.
 */
class GraphicsViewOnlyTest {
    private final List<FakeRfbStream> streams = new CopyOnWriteArrayList<>();
    private ConsoleTabs tabs;
    private Stage stage;

    private Source source(String id) {
        return new Source() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void start() {
            }

            @Override
            public CompletableFuture<Void> perform(Item item, Action action) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
                FakeRfbStream s = new FakeRfbStream(64, 48, false);
                streams.add(s);
                return CompletableFuture.completedFuture(s);
            }

            @Override
            public void close() {
            }
        };
    }

    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void setUp() throws Exception {
        Source k = source("k");
        Backend backend = new Backend(id -> Optional.of(k), "k"::equals);
        stage = call(() -> {
            tabs = new ConsoleTabs(backend::openConsole);
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

    @Test
    void aReadOnlyConnectionsGraphicsShowsFramesAndSendsNoInput() throws Exception {
        GraphicsView v = call(() -> {
            tabs.open(GraphicsViewTest.DB, ConsoleType.VNC);
            return tabs.graphics().views().get(0);
        });
        await("connected", () -> v.model().phase() == ConsoleViewModel.Phase.CONNECTED);
        await("the RFB session", () -> v.session().client() != null);
        FakeRfbStream s = streams.get(0);
        s.rect(0, 0, 64, 48, 0x204080);
        await("the frame", () -> v.image() != null && v.image().getPixelReader().getArgb(5, 5) == 0xFF204080);

        assertThat(v.session().viewOnly()).isTrue();
        await("the status line", () -> v.statusText().contains("view only: read-only connection"));
        assertThat(call(v::statusText)).contains("nothing typed or clicked reaches the guest");
        assertThat(call(() -> ((ButtonBase) v.lookup("#graphics-send-keys")).isDisabled())).isTrue();
        assertThat(call(() -> ((ButtonBase) v.lookup("#graphics-type-clipboard")).isDisabled())).isTrue();

        // the user clicks, types and drags on the screen; the view's menus are bypassed too
        call(() -> {
            Node image = v.lookup(".image-view");
            assertThat(image).isInstanceOf(ImageView.class);
            for (var type : List.of(MouseEvent.MOUSE_PRESSED, MouseEvent.MOUSE_DRAGGED, MouseEvent.MOUSE_RELEASED,
                    MouseEvent.MOUSE_MOVED)) {
                Event.fireEvent(image, new MouseEvent(type, 10, 10, 10, 10, MouseButton.PRIMARY, 1,
                        false, false, false, false, true, false, false, false, false, false, null));
            }
            v.focusScreen();
            for (KeyCode c : List.of(KeyCode.A, KeyCode.ENTER)) {
                Event.fireEvent(v.screenNode(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", c, false, false, false, false));
                Event.fireEvent(v.screenNode(), new KeyEvent(KeyEvent.KEY_RELEASED, "", "", c, false, false, false, false));
            }
            return null;
        });
        assertThat(call(v::keyboardGrabbed)).as("a view-only screen does not grab the keyboard").isFalse();
        v.session().chord(dev.wharf.rfb.Keys.CTRL_L, dev.wharf.rfb.Keys.ALT_L, dev.wharf.rfb.Keys.DELETE);
        v.session().type("rm -rf /\n");
        v.session().key(0x1E, 'a', true);
        v.session().pointer(3, 3, 1);
        // a frame asked for after all of that: the server has read whatever the client sent before it
        int asked = s.updateRequests.get();
        s.rect(1, 1, 2, 2, 0xFF0000);
        await("the next frame", () -> v.image().getPixelReader().getArgb(1, 1) == 0xFFFF0000);
        Thread.sleep(300);
        assertThat(s.updateRequests.get()).as("the client still asks for frames").isGreaterThan(asked);
        assertThat(s.keys).as("no key event reached the server").isEmpty();
        assertThat(s.pointers.get()).as("no pointer event reached the server").isZero();
    }
}
