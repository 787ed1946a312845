package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleStream.SpecialKey;

import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One console: a toolbar (Reconnect, special keys, log to file, copy/paste/find/zoom, pop out),
 * the terminal, and a status line. It only listens to its {@link ConsoleViewModel}.
 */
public final class ConsoleView extends BorderPane {
    static final String STYLE_CLASS = "console-view";
    /** The status line after another client took the console over (with {@code :disconnected}). */
    static final PseudoClass TAKEN_OVER = PseudoClass.getPseudoClass("taken-over");
    private static final Map<ConsoleViewModel.Phase, PseudoClass> PHASES = new EnumMap<>(ConsoleViewModel.Phase.class);

    static {
        for (ConsoleViewModel.Phase p : ConsoleViewModel.Phase.values()) {
            PHASES.put(p, PseudoClass.getPseudoClass(p.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private final ConsoleViewModel model;
    private final TerminalWidget terminal;
    private final Label status = new Label();
    private final Button reconnect = new Button("Reconnect");
    private final MenuButton keys = new MenuButton("Keys");
    private final MenuItem ctrlAltDel = new MenuItem("Ctrl+Alt+Del");
    private final MenuItem breakKey = new MenuItem("Break");
    private final ToggleButton logToggle = new ToggleButton("Log to file");
    final Button popOut = new Button("Pop out");
    private final Function<File, File> chooseLogFile;

    /**
     * @param chooseLogFile asks where to log (a FileChooser by default; tests answer directly);
     *                      gets a suggested file, returns the chosen one or null
     */
    public ConsoleView(ConsoleViewModel model, TerminalWidget terminal, Function<File, File> chooseLogFile) {
        this.model = model;
        this.terminal = terminal;
        this.chooseLogFile = chooseLogFile;
        getStyleClass().add(STYLE_CLASS);

        reconnect.setOnAction(e -> model.reconnect());
        reconnect.setTooltip(new Tooltip("Connect again now (takes the console over from another client)"));
        ctrlAltDel.setOnAction(e -> model.sendSpecial(SpecialKey.CTRL_ALT_DEL));
        breakKey.setOnAction(e -> model.sendSpecial(SpecialKey.BREAK));
        MenuItem ctrlBracket = new MenuItem("Ctrl+]");
        ctrlBracket.setOnAction(e -> model.sendCtrlRightBracket());
        keys.getItems().addAll(ctrlAltDel, breakKey, ctrlBracket);
        logToggle.setOnAction(e -> toggleLog());
        logToggle.setTooltip(new Tooltip("Record the session's output, exactly as received, to a file"));

        Button copy = new Button("Copy");
        copy.setTooltip(new Tooltip("Copy the selection (Ctrl+Shift+C)"));
        copy.setOnAction(e -> terminal.copy());
        Button paste = new Button("Paste");
        paste.setTooltip(new Tooltip("Paste (Ctrl+Shift+V)"));
        paste.setOnAction(e -> {
            terminal.paste();
            terminal.focus();
        });
        Button find = new Button("Find");
        find.setTooltip(new Tooltip("Find in the scrollback (Ctrl+F)"));
        find.setOnAction(e -> terminal.showFind());
        Button smaller = new Button("A−");
        smaller.setTooltip(new Tooltip("Smaller font (Ctrl+-)"));
        smaller.setOnAction(e -> terminal.zoomOut());
        Button bigger = new Button("A+");
        bigger.setTooltip(new Tooltip("Bigger font (Ctrl+=)"));
        bigger.setOnAction(e -> terminal.zoomIn());
        Pane spring = new Pane();
        HBox.setHgrow(spring, Priority.ALWAYS);

        ToolBar bar = new ToolBar(reconnect, keys, logToggle, new Separator(), copy, paste, find, smaller, bigger,
                spring, popOut);
        setTop(bar);
        setCenter(terminal.node());
        // a click anywhere on the terminal gives it the keyboard (the first console of a window
        // may open before its canvas is in the scene, so the focus asked for then is lost)
        terminal.node().addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> terminal.focus());
        sceneProperty().addListener((o, a, sc) -> {
            if (sc != null) {
                javafx.application.Platform.runLater(terminal::focus);
            }
        });
        status.getStyleClass().add("console-status");
        status.setMaxWidth(Double.MAX_VALUE);
        status.setPadding(new javafx.geometry.Insets(3, 8, 3, 8));
        setBottom(status);

        terminal.onInput(model::send);
        terminal.onResize(model::resize);
        model.onOutput(terminal::feed);
        model.addListener(this::refresh);
        refresh();
    }

    /** A FileChooser for "Log to file". */
    public static Function<File, File> fileChooser(javafx.scene.Node owner) {
        return suggested -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Log console output to");
            if (suggested.getParentFile() != null && suggested.getParentFile().isDirectory()) {
                chooser.setInitialDirectory(suggested.getParentFile());
            }
            chooser.setInitialFileName(suggested.getName());
            return chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        };
    }

    public ConsoleViewModel model() {
        return model;
    }

    public TerminalWidget terminal() {
        return terminal;
    }

    String statusText() {
        return status.getText();
    }

    private void toggleLog() {
        if (logToggle.isSelected()) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            File suggested = new File(System.getProperty("user.home"),
                    model.item().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp + ".log");
            File chosen = chooseLogFile.apply(suggested);
            if (chosen == null) {
                logToggle.setSelected(false);
                return;
            }
            model.startLog(chosen.toPath());
        } else {
            model.stopLog();
        }
    }

    private void refresh() {
        status.setText(model.statusText());
        for (var e : PHASES.entrySet()) {
            status.pseudoClassStateChanged(e.getValue(), e.getKey() == model.phase());
        }
        var end = model.lastEnd();
        status.pseudoClassStateChanged(TAKEN_OVER, model.phase() == ConsoleViewModel.Phase.DISCONNECTED
                && end != null && end.reason() == dev.wharf.inventory.ConsoleEnd.Reason.TAKEN_OVER);
        reconnect.setDisable(!model.canReconnect());
        var special = model.specialKeys();
        ctrlAltDel.setDisable(!special.contains(SpecialKey.CTRL_ALT_DEL));
        breakKey.setDisable(!special.contains(SpecialKey.BREAK));
        Path log = model.logFile();
        logToggle.setSelected(log != null);
        logToggle.setTooltip(new Tooltip(log == null ? "Record the session's output, exactly as received, to a file"
                : "Logging to " + log));
    }
}
