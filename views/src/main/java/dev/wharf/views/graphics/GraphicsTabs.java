package dev.wharf.views.graphics;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.console.ConsoleOpener;
import dev.wharf.views.console.ConsoleViewModel;
import dev.wharf.views.console.Scheduler;

import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Graphics tabs among the console tabs: one per item; opening an open one shows it. A tab pops out
 * into a window of its own (and docks back); Full screen pops it out and fills the screen (Esc
 * leaves full screen, as JavaFX does).
 */
public final class GraphicsTabs {
    private final TabPane pane;
    private final ConsoleOpener opener;
    private final Executor ui;
    private final Scheduler scheduler;
    private final Executor io;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "graphics");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Graphics> open = new LinkedHashMap<>();
    private Function<File, File> screenshotChooser;

    /**
     * @param ui        where view-model state lives (the console tabs' coalescer on the FX thread)
     * @param scheduler reconnect timers
     * @param io        the console log writer (unused by graphics, shared with the view model)
     */
    public GraphicsTabs(TabPane pane, ConsoleOpener opener, Executor ui, Scheduler scheduler, Executor io) {
        this.pane = pane;
        this.opener = opener;
        this.ui = ui;
        this.scheduler = scheduler;
        this.io = io;
    }

    /** Tests answer the screenshot file chooser directly. */
    public void setScreenshotChooser(Function<File, File> chooser) {
        this.screenshotChooser = chooser;
    }

    /** Opens (or shows) the Graphics tab of {@code item}. FX thread. */
    public GraphicsView open(Item item) {
        Graphics existing = open.get(item.id());
        if (existing != null) {
            existing.show();
            return existing.view;
        }
        ConsoleViewModel model = new ConsoleViewModel(opener, item, ConsoleType.VNC, ui, scheduler, io);
        Graphics g = new Graphics(item.id(), model);
        open.put(item.id(), g);
        g.dock();
        model.connect();
        return g.view;
    }

    /** The graphics consoles open now (tabs and windows). */
    public List<GraphicsView> views() {
        List<GraphicsView> out = new ArrayList<>();
        open.values().forEach(g -> out.add(g.view));
        return out;
    }

    /** Closes every graphics console (application exit). */
    public void closeAll() {
        new ArrayList<>(open.values()).forEach(Graphics::close);
        background.shutdownNow();
    }

    private Function<File, File> chooser(GraphicsView view) {
        if (screenshotChooser != null) {
            return screenshotChooser;
        }
        return suggested -> {
            FileChooser c = new FileChooser();
            c.setTitle("Save the guest's screen as");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
            if (suggested.getParentFile() != null && suggested.getParentFile().isDirectory()) {
                c.setInitialDirectory(suggested.getParentFile());
            }
            c.setInitialFileName(suggested.getName());
            return c.showSaveDialog(view.getScene() == null ? null : view.getScene().getWindow());
        };
    }

    /** One graphics console in a tab or a window. */
    private final class Graphics {
        final String key;
        final ConsoleViewModel model;
        final GraphicsView view;
        final Tab tab = new Tab();
        Stage window;

        Graphics(String key, ConsoleViewModel model) {
            this.key = key;
            this.model = model;
            GraphicsView[] self = new GraphicsView[1];
            this.view = new GraphicsView(model, PasswordPrompt.asker(() -> self[0], model.item().name()),
                    f -> chooser(self[0]).apply(f), background);
            self[0] = view;
            tab.setText(model.title());
            tab.getStyleClass().add("graphics-tab");
            tab.setOnClosed(e -> close());
            model.addListener(() -> tab.setTooltip(new Tooltip(model.statusText())));
            view.popOut.setOnAction(e -> {
                if (window == null) {
                    popOut();
                } else {
                    dockBack();
                }
            });
            view.fullScreen.setOnAction(e -> {
                popOut();
                window.setFullScreen(!window.isFullScreen());
            });
        }

        void dock() {
            tab.setContent(view);
            pane.getTabs().add(tab);
            pane.getSelectionModel().select(tab);
            view.popOut.setText("Pop out");
            view.focusScreen();
        }

        void popOut() {
            if (window != null) {
                window.toFront();
                return;
            }
            pane.getTabs().remove(tab);
            tab.setContent(null);
            if (view.getParent() instanceof javafx.scene.layout.Pane p) {
                p.getChildren().remove(view);
            }
            Stage stage = new Stage();
            stage.setTitle(model.title() + " — Wharf");
            Scene scene = new Scene(view, 1024, 720);
            if (pane.getScene() != null) {
                scene.getStylesheets().setAll(pane.getScene().getStylesheets());
            }
            stage.setScene(scene);
            stage.setFullScreenExitHint("Esc leaves full screen (while the keyboard is not grabbed: Ctrl+Alt first)");
            stage.setOnHidden(e -> {
                if (window == stage) {
                    close();
                }
            });
            window = stage;
            view.popOut.setText("Dock");
            stage.show();
            view.focusScreen();
        }

        void dockBack() {
            Stage stage = window;
            window = null;
            stage.getScene().setRoot(new javafx.scene.layout.Pane());
            stage.hide();
            dock();
        }

        void show() {
            if (window != null) {
                window.toFront();
                window.requestFocus();
            } else {
                pane.getSelectionModel().select(tab);
                view.focusScreen();
            }
        }

        void close() {
            if (open.remove(key) == null) {
                return;
            }
            view.close();
            pane.getTabs().remove(tab);
            if (window != null) {
                Stage stage = window;
                window = null;
                stage.hide();
            }
        }
    }
}
