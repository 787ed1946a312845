package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Console tabs for the main window: one tab per open console, each a terminal with a status
 * line; tabs can be popped out into their own windows (and docked back). Opening a console
 * that is already open shows it.
 */
public final class ConsoleTabs extends TabPane {
    private final ConsoleOpener opener;
    private final Supplier<TerminalWidget> terminals;
    private final Function<ConsoleView, Function<File, File>> logFileChooser;
    private final FxCoalescer ui;
    private final Scheduler.Real scheduler;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-log");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Console> consoles = new LinkedHashMap<>();
    private final dev.wharf.views.graphics.GraphicsTabs graphics;

    public ConsoleTabs(ConsoleOpener opener) {
        this(opener, Platform::runLater);
    }

    /** @param fxThread how console state and output reach the JavaFX thread (the app times it: FxWatchdog) */
    public ConsoleTabs(ConsoleOpener opener, Executor fxThread) {
        this(opener, JediTermWidget::new, ConsoleView::fileChooser, fxThread);
    }

    /**
     * @param terminals      makes a terminal per console (JediTermFX by default)
     * @param logFileChooser asks where to log a console's output
     */
    public ConsoleTabs(ConsoleOpener opener, Supplier<TerminalWidget> terminals,
                       Function<ConsoleView, Function<File, File>> logFileChooser) {
        this(opener, terminals, logFileChooser, Platform::runLater);
    }

    private ConsoleTabs(ConsoleOpener opener, Supplier<TerminalWidget> terminals,
                        Function<ConsoleView, Function<File, File>> logFileChooser, Executor fxThread) {
        this.ui = new FxCoalescer(fxThread);
        this.scheduler = Scheduler.real(ui);
        this.opener = opener;
        this.terminals = terminals;
        this.logFileChooser = logFileChooser;
        this.graphics = new dev.wharf.views.graphics.GraphicsTabs(this, opener, ui, scheduler, io);
        getStyleClass().add("console-tabs");
        setTabClosingPolicy(TabClosingPolicy.ALL_TABS);
    }

    /** Opens (or focuses) a console of {@code type} for {@code item}. Call on the JavaFX thread. */
    public void open(Item item, ConsoleType type) {
        checkFxThread();
        if (type == ConsoleType.VNC) {
            graphics.open(item); // a graphical console: the Graphics tab, not a terminal
            return;
        }
        String key = item.id() + "#" + type.wire();
        Console existing = consoles.get(key);
        if (existing != null) {
            existing.show();
            return;
        }
        ConsoleViewModel model = new ConsoleViewModel(opener, item, type, ui, scheduler, io);
        TerminalWidget terminal = terminals.get();
        Console console = new Console(key, model, terminal);
        consoles.put(key, console);
        console.dock();
        model.connect();
    }

    /** The consoles open now, in the order they were opened (tabs and windows). */
    public List<ConsoleView> views() {
        List<ConsoleView> views = new ArrayList<>();
        consoles.values().forEach(c -> views.add(c.view));
        return views;
    }

    /** The Graphics tabs (VNC consoles) among these tabs. */
    public dev.wharf.views.graphics.GraphicsTabs graphics() {
        return graphics;
    }

    /** Pops the console's tab out into its own window. */
    public void popOut(ConsoleView view) {
        consoles.values().stream().filter(c -> c.view == view).findFirst().ifPresent(Console::popOut);
    }

    /** Closes one console (as its tab's close button does). */
    public void close(ConsoleView view) {
        consoles.values().stream().filter(c -> c.view == view).findFirst().ifPresent(Console::close);
    }

    /** Closes every console and stops the timer and log threads (on application exit). */
    public void closeAll() {
        new ArrayList<>(consoles.values()).forEach(Console::close);
        graphics.closeAll();
        scheduler.shutdown();
        io.shutdown();
    }

    private static void checkFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("ConsoleTabs must be used on the JavaFX thread");
        }
    }

    /** One console: its model, terminal and view, in a tab or a window. */
    private final class Console {
        final String key;
        final ConsoleViewModel model;
        final TerminalWidget terminal;
        final ConsoleView view;
        final Tab tab = new Tab();
        Stage window;

        Console(String key, ConsoleViewModel model, TerminalWidget terminal) {
            this.key = key;
            this.model = model;
            this.terminal = terminal;
            this.view = new ConsoleView(model, terminal, f -> logFileChooser.apply(viewOf()).apply(f));
            tab.setText(model.title());
            tab.setOnClosed(e -> close());
            view.popOut.setOnAction(e -> {
                if (window == null) {
                    popOut();
                } else {
                    dockBack();
                }
            });
            model.addListener(() -> tab.setTooltip(new Tooltip(model.statusText())));
        }

        private ConsoleView viewOf() {
            return view;
        }

        void dock() {
            tab.setContent(view);
            getTabs().add(tab);
            getSelectionModel().select(tab);
            view.popOut.setText("Pop out");
            terminal.focus();
        }

        void popOut() {
            if (window != null) {
                window.toFront();
                return;
            }
            getTabs().remove(tab); // not a user close: onClosed does not fire
            tab.setContent(null);
            if (view.getParent() instanceof javafx.scene.layout.Pane p) {
                p.getChildren().remove(view); // the tab pane's skin lets go of it only later
            }
            Stage stage = new Stage();
            stage.setTitle(model.title() + " — Wharf");
            Scene scene = new Scene(view, 900, 560);
            if (getScene() != null) {
                scene.getStylesheets().setAll(getScene().getStylesheets());
            }
            stage.setScene(scene);
            stage.setOnHidden(e -> {
                if (window == stage) {
                    close(); // the user closed the window
                }
            });
            window = stage;
            view.popOut.setText("Dock");
            stage.show();
            terminal.focus();
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
                getSelectionModel().select(tab);
                terminal.focus();
            }
        }

        void close() {
            if (consoles.remove(key) == null) {
                return;
            }
            model.close();
            terminal.close();
            getTabs().remove(tab);
            if (window != null) {
                Stage stage = window;
                window = null;
                stage.hide();
            }
        }
    }
}
