package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys typed in a console of the main window reach the guest, never the window's shortcuts. */
class ConsoleKeysInMainWindowTest {
    private final List<FakeStream> streams = new CopyOnWriteArrayList<>();
    private Stage stage;
    private MainWindow window;

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.run(() -> {
            window.consoles().closeAll();
            stage.close();
        });
    }

    private static void press(Node target, KeyCode code, String text) {
        Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", text, code, false, false, false, false));
        Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_TYPED, text, "", KeyCode.UNDEFINED, false, false, false, false));
        Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, false, false, false, false));
    }

    @Test
    void enterCAndSlashInATerminalGoToTheGuest() throws Exception {
        InventoryViewModel vm = new InventoryViewModel();
        Fx.run(() -> {
            vm.apply(Items.initial());
            window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of()), TaskRunner.synchronous(),
                    Runnable::run, Runnable::run, new ThemeController(false), null, () -> { }, null,
                    opener -> new ConsoleTabs((item, request) -> {
                        FakeStream s = new FakeStream("serial of " + item.name());
                        streams.add(s);
                        return CompletableFuture.completedFuture(s);
                    }, () -> new JediTermWidget(TextClipboard.system(), 80, 24), v -> f -> null)));
            stage = new Stage();
            stage.setScene(new Scene(window, 1200, 760));
            stage.show();
            vm.select(Items.VM.id());
            window.openConsole(Items.VM, ConsoleType.SERIAL);
        });
        Thread.sleep(300);
        Fx.run(() -> {
            ConsoleView view = window.consoles().views().get(0);
            view.terminal().focus();
        });
        Thread.sleep(200);
        Fx.run(() -> {
            Node owner = stage.getScene().getFocusOwner();
            assertThat(owner).as("the terminal has the keyboard").isNotNull();
            press(owner, KeyCode.C, "c");
            press(owner, KeyCode.SLASH, "/");
            press(owner, KeyCode.ENTER, "\r");
        });
        Thread.sleep(300);
        Fx.run(() -> {
            assertThat(window.consoles().getTabs()).as("c did not open another console").hasSize(1);
            boolean inTerminal = false;
            for (Node n = stage.getScene().getFocusOwner(); n != null; n = n.getParent()) {
                inTerminal |= n == window.consoles().views().get(0).terminal().node();
            }
            assertThat(inTerminal).as("Enter (details) and / (search) left the focus in the terminal").isTrue();
        });
        assertThat(streams).hasSize(1);
        assertThat(streams.get(0).writtenText()).contains("c").contains("/").contains("\r");
    }
}
