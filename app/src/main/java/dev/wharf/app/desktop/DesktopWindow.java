package dev.wharf.app.desktop;

import dev.wharf.app.settings.ConnectionsStore;
import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.actions.Confirmer;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.connect.ConnectionEntry;
import dev.wharf.views.connect.ConnectionSupport;
import dev.wharf.views.connect.ConnectionsDialog;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.fx.FxWatchdog;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one main window: inventory → coalescer → view model → views; sources through
 * {@link DesktopSources}; saved connections through {@link ConnectionsStore}. Build and show it
 * on the JavaFX thread.
 */
public final class DesktopWindow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopWindow.class);

    private final Inventory inventory;
    private final DesktopSources sources;
    private final ConnectionsStore store;
    private final ConnectionSupport support;
    private final InventoryViewModel vm = new InventoryViewModel();
    private final ExecutorService background = TaskRunner.daemonPool();
    private final ExecutorService layout = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wharf-topology-layout");
        t.setDaemon(true);
        return t;
    });
    private final FxWatchdog watchdog;
    private final TaskRunner runner;
    private final MainWindow main;
    private final Stage stage;
    private final AutoCloseable subscription;

    /**
     * @param confirmer null for the confirmation dialog (tests may answer themselves)
     * @param labNotice non-null when the session is the lab
     */
    public DesktopWindow(Stage stage, Inventory inventory, DesktopSources sources, ConnectionsStore store,
                         ConnectionSupport support, ThemeController theme, String labNotice, Confirmer confirmer) {
        this(stage, inventory, sources, store, support, theme, labNotice, confirmer, new FxWatchdog());
    }

    /** @param watchdog times every task this window posts to the FX thread, and the scene's pulses */
    public DesktopWindow(Stage stage, Inventory inventory, DesktopSources sources, ConnectionsStore store,
                         ConnectionSupport support, ThemeController theme, String labNotice, Confirmer confirmer,
                         FxWatchdog watchdog) {
        this.stage = stage;
        this.watchdog = watchdog;
        this.runner = TaskRunner.of(background, watchdog.executor("background task's result"));
        this.inventory = inventory;
        this.sources = sources;
        this.store = store;
        this.support = support;
        Backend backend = new Backend(sources::source, sources::readOnly);
        main = new MainWindow(new MainWindow.Deps(vm, backend, runner, layout, watchdog.executor("topology layout"), theme,
                labNotice, this::openConnections, confirmer,
                opener -> new ConsoleTabs(opener, watchdog.executor("console state"))));
        subscription = inventory.subscribe(new DeltaCoalescer(watchdog.executor("inventory delta"), vm::apply));
        Scene scene = new Scene(main, 1480, 920);
        watchdog.watch(scene);
        theme.attach(scene);
        stage.setScene(scene);
        stage.setTitle("Wharf");
        stage.setMinWidth(MainWindow.MIN_WIDTH);
        stage.setMinHeight(MainWindow.MIN_HEIGHT);
        // closing the window ends every console session (and its pop-out windows)
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> closeConsoles());
        main.portForwards().setBrowser(Browser::open);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> main.portForwards().stopAll());
        for (int size : WharfIcon.APP_ICON_SIZES) {
            stage.getIcons().add(new Image(WharfIcon.class.getResourceAsStream(WharfIcon.appIconResource(size))));
        }
    }

    public MainWindow main() {
        return main;
    }

    public InventoryViewModel viewModel() {
        return vm;
    }

    public Stage stage() {
        return stage;
    }

    public FxWatchdog watchdog() {
        return watchdog;
    }

    public TaskRunner runner() {
        return runner;
    }

    /** Shows a failure that is not tied to an item (a session that could not open). */
    public void showError(String title, String message) {
        main.notifier().notify(Notifier.Level.ERROR, title, message);
    }

    /** Opens the connections dialog; on Save writes the file and opens/closes sources in the background. */
    public void openConnections() {
        // reading the saved file is I/O: off the FX thread, then the dialog
        runner.run(() -> java.util.concurrent.CompletableFuture.completedFuture(store.load()),
                (current, e) -> showConnections(e == null ? current : List.of(), e));
    }

    private void showConnections(List<ConnectionEntry> current, Throwable loadError) {
        if (loadError != null) {
            showError("Saved connections", WharfException.userMessage(loadError));
        }
        ConnectionsDialog d = new ConnectionsDialog(current, support, runner);
        d.initOwner(stage);
        d.getDialogPane().getStylesheets().add(ThemeController.STYLESHEET);
        d.resultProperty().addListener((o, a, entries) -> {
            if (entries == null) {
                return;
            }
            runner.run(() -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                store.save(entries);
                sources.applySaved(entries);
                return entries.size();
            }, background), (n, e) -> {
                if (e == null) {
                    main.notifier().notify(Notifier.Level.SUCCESS, "Connections saved",
                            n + (n == 1 ? " connection" : " connections") + " in " + store.file());
                } else {
                    showError("Connections not saved", WharfException.userMessage(e));
                }
            });
        });
        d.show();
    }

    /** Ends every open console; call on the UI thread. */
    public void closeConsoles() {
        if (main.consoles() != null) {
            main.consoles().closeAll();
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribe failed", e);
        }
        main.usage().model().close();
        background.shutdownNow();
        layout.shutdownNow();
    }
}
