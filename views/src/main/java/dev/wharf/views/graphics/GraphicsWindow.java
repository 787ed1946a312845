package dev.wharf.views.graphics;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.console.ConsoleOpener;
import dev.wharf.views.console.ConsoleViewModel;
import dev.wharf.views.console.FxCoalescer;
import dev.wharf.views.console.Scheduler;
import dev.wharf.views.theme.ThemeController;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code wharf vnc TARGET}: one item's graphical console in a window of its own, for as long as
 * the window is open. Starts the JavaFX toolkit when it is not running.
 */
public final class GraphicsWindow {
    private GraphicsWindow() {
    }

    /** Shows the window and waits until the user closes it. Not on the FX thread. */
    public static void showAndWait(Item item, ConsoleOpener opener, boolean dark) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runnable show = () -> {
            ThemeController theme = new ThemeController(dark);
            FxCoalescer ui = new FxCoalescer();
            Scheduler.Real scheduler = Scheduler.real(ui);
            ExecutorService background = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "graphics");
                t.setDaemon(true);
                return t;
            });
            ConsoleViewModel model = new ConsoleViewModel(opener, item, ConsoleType.VNC, ui, scheduler, Runnable::run);
            GraphicsView[] self = new GraphicsView[1];
            GraphicsView view = new GraphicsView(model, PasswordPrompt.asker(() -> self[0], item.name()), suggested -> {
                FileChooser c = new FileChooser();
                c.setTitle("Save the guest's screen as");
                c.setInitialFileName(suggested.getName());
                return c.showSaveDialog(self[0].getScene().getWindow());
            }, background);
            self[0] = view;
            view.popOut.setVisible(false);
            view.popOut.setManaged(false);
            Stage stage = new Stage();
            stage.setTitle(model.title() + " — Wharf");
            Scene scene = new Scene(view, 1024, 720);
            theme.attach(scene);
            stage.setScene(scene);
            view.fullScreen.setOnAction(e -> stage.setFullScreen(!stage.isFullScreen()));
            stage.setOnHidden(e -> {
                view.close();
                scheduler.shutdown();
                background.shutdownNow();
                closed.countDown();
            });
            stage.show();
            view.focusScreen();
            model.connect();
        };
        try {
            Platform.startup(show);
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(show);
        }
        Platform.setImplicitExit(false);
        closed.await();
    }
}
