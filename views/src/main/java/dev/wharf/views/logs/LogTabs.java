package dev.wharf.views.logs;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.Backend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** Logs tabs in the bottom pane, beside the consoles: one per item; opening an open one shows it. */
public final class LogTabs {
    private final TabPane pane;
    private final Backend backend;
    private final int capacity;
    private final Executor fxThread;
    private final Map<String, Tab> open = new LinkedHashMap<>();

    /** @param capacity lines each viewer keeps (a setting; {@link LogRing#DEFAULT_CAPACITY}) */
    public LogTabs(TabPane pane, Backend backend, int capacity) {
        this(pane, backend, capacity, Platform::runLater);
    }

    /**
     * @param fxThread how a viewer's pulses reach the JavaFX thread (the app times them: FxWatchdog);
     *                 a viewer has at most one pulse pending, carrying its latest snapshot
     */
    public LogTabs(TabPane pane, Backend backend, int capacity, Executor fxThread) {
        this.fxThread = fxThread;
        this.pane = pane;
        this.backend = backend;
        this.capacity = capacity;
    }

    /** Opens (or shows) the Logs tab of {@code item}. FX thread. */
    public LogView open(Item item) {
        Tab existing = open.get(item.id());
        if (existing != null) {
            pane.getSelectionModel().select(existing);
            return (LogView) existing.getContent();
        }
        LogView view = new LogView(item, r -> backend.openLog(item, r), fxThread, capacity);
        Tab tab = new Tab(view.title(), view);
        tab.getStyleClass().add("log-tab");
        tab.setOnClosed(e -> {
            open.remove(item.id());
            view.close();
        });
        open.put(item.id(), tab);
        pane.getTabs().add(tab);
        pane.getSelectionModel().select(tab);
        return view;
    }
}
