package dev.wharf.views.logs;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.WharfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Logs tab: one item's log (a container, all containers, a VM's guest console), rendered
 * virtually (a ListView over the model's ring: only visible rows are nodes), in ANSI colours,
 * with search (all matches highlighted, next/previous, count), filter (substring or regex,
 * inverted), wrap, timestamps, since and tail, autoscroll that pauses when the user scrolls up
 * and resumes at the bottom, copy, save, a container picker and Previous. All parsing,
 * filtering and searching happen in {@link LogViewModel}, off the FX thread.
 */
public final class LogView extends BorderPane {
    static final String ALL = "All containers";
    static final double ROW_HEIGHT = 18;
    private static final List<String> SINCE = List.of("all", "5 m", "1 h", "24 h");
    private static final List<String> TAIL = List.of("1,000", "100", "all");

    private final Item item;
    private final Function<LogRequest, CompletableFuture<LogFeed>> opener;
    private final LogViewModel model;
    private final Executor ui;
    private final VisibleRows rows = new VisibleRows();
    final ListView<LogRow> list = new ListView<>(rows);
    final ComboBox<String> container = new ComboBox<>();
    final ToggleButton previous = new ToggleButton("Previous");
    final ComboBox<String> since = new ComboBox<>();
    final ComboBox<String> tail = new ComboBox<>();
    final CheckBox timestamps = new CheckBox("Timestamps");
    final CheckBox wrap = new CheckBox("Wrap");
    final CheckBox json = new CheckBox("JSON");
    final ToggleButton follow = new ToggleButton("Follow");
    final TextField search = new TextField();
    final Label matchCount = new Label();
    final TextField filter = new TextField();
    final CheckBox regex = new CheckBox("Regex");
    final CheckBox invert = new CheckBox("Invert");
    final Label status = new Label();
    private int currentMatch = -1;
    private boolean multipleOrigins;

    /**
     * @param opener   opens the item's log for a request (the backend)
     * @param ui       runs the model's pulses on the FX thread ({@code Platform::runLater})
     * @param capacity the ring size (lines kept)
     */
    public LogView(Item item, Function<LogRequest, CompletableFuture<LogFeed>> opener, Executor ui, int capacity) {
        this.item = item;
        this.opener = opener;
        this.model = new LogViewModel(ui, capacity);
        this.ui = ui;
        getStyleClass().add("log-view");
        getStylesheets().add(LogView.class.getResource("logs.css").toExternalForm());

        LogStreams streams = item.facet(LogStreams.class).orElse(new LogStreams(List.of(), null, ""));
        for (LogStream s : streams.streams()) {
            container.getItems().add(s.name());
        }
        if (streams.streams().size() > 1) {
            container.getItems().add(ALL);
        }
        container.setValue(streams.defaultStream());
        container.setVisible(container.getItems().size() > 1);
        container.setManaged(container.isVisible());
        since.getItems().setAll(SINCE);
        since.setValue("all");
        tail.getItems().setAll(TAIL);
        tail.setValue("1,000");
        follow.setSelected(true);
        previous.setDisable(!hadRestarts(item));
        search.setPromptText("Search");
        search.setId("log-search");
        filter.setPromptText("Filter");
        filter.setId("log-filter");
        Button prevMatch = new Button("↑");
        prevMatch.setOnAction(e -> step(-1));
        Button nextMatch = new Button("↓");
        nextMatch.setOnAction(e -> step(1));
        Button copy = new Button("Copy");
        copy.setOnAction(e -> copySelection());
        Button save = new Button("Save…");
        save.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName(item.name() + ".log");
            java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                save(f.toPath());
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(6, container, previous, new Label("Since"), since, new Label("Tail"), tail, timestamps, wrap,
                json, follow, gap, copy, save);
        HBox second = new HBox(6, search, prevMatch, nextMatch, matchCount, new Label("   "), filter, regex, invert);
        HBox.setHgrow(search, Priority.SOMETIMES);
        HBox.setHgrow(filter, Priority.SOMETIMES);
        top.setAlignment(Pos.CENTER_LEFT);
        second.setAlignment(Pos.CENTER_LEFT);
        VBox bars = new VBox(4, top, second);
        bars.setPadding(new Insets(4, 6, 4, 6));
        bars.getStyleClass().add("log-toolbar");
        setTop(bars);
        list.getStyleClass().add("log-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setFixedCellSize(ROW_HEIGHT); // one line a row unless wrapping: no measuring while scrolling
        list.setCellFactory(l -> new LogCell(timestamps::isSelected, () -> multipleOrigins, wrap::isSelected,
                model::searchPattern));
        setCenter(list);
        status.getStyleClass().add("log-status");
        status.setPadding(new Insets(2, 6, 2, 6));
        setBottom(status);

        model.onSnapshot(this::apply);
        container.setOnAction(e -> reopen());
        previous.setOnAction(e -> reopen());
        since.setOnAction(e -> reopen());
        tail.setOnAction(e -> reopen());
        timestamps.setOnAction(e -> list.refresh());
        wrap.setOnAction(e -> {
            list.setFixedCellSize(wrap.isSelected() || json.isSelected() ? -1 : ROW_HEIGHT);
            list.refresh();
        });
        json.setTooltip(new javafx.scene.control.Tooltip("Show the lines that are JSON objects pretty-printed"));
        json.setOnAction(e -> {
            boolean on = json.isSelected();
            list.setFixedCellSize(wrap.isSelected() || on ? -1 : ROW_HEIGHT);
            model.pretty(on).thenRun(() -> ui.execute(list::refresh)); // rendered again on the model's worker
        });
        search.textProperty().addListener((o, a, b) -> {
            currentMatch = -1;
            model.search(b, regex.isSelected());
        });
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                step(e.isShiftDown() ? -1 : 1);
            }
        });
        filter.textProperty().addListener((o, a, b) -> model.filter(b, regex.isSelected(), invert.isSelected()));
        regex.setOnAction(e -> {
            model.filter(filter.getText(), regex.isSelected(), invert.isSelected());
            model.search(search.getText(), regex.isSelected());
        });
        invert.setOnAction(e -> model.filter(filter.getText(), regex.isSelected(), invert.isSelected()));
        follow.setOnAction(e -> {
            if (follow.isSelected()) {
                scrollToEnd();
            }
        });
        // the user scrolling decides: up pauses the autoscroll, reaching the bottom resumes it
        list.addEventFilter(ScrollEvent.SCROLL, e -> Platform.runLater(this::followIfAtBottom));
        list.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> Platform.runLater(this::followIfAtBottom));
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_RELEASED, e -> Platform.runLater(this::followIfAtBottom));
        reopen();
    }

    public Item item() {
        return item;
    }

    public String title() {
        return "Logs: " + item.name();
    }

    /** Opens the log again with the chosen container, Previous, since and tail. */
    void reopen() {
        String c = container.getValue();
        boolean all = ALL.equals(c);
        multipleOrigins = all;
        Long sinceSeconds = switch (since.getValue()) {
            case "5 m" -> 300L;
            case "1 h" -> 3600L;
            case "24 h" -> 86_400L;
            default -> null;
        };
        Integer tailLines = switch (tail.getValue()) {
            case "100" -> 100;
            case "1,000" -> 1000;
            default -> null;
        };
        LogRequest r = new LogRequest(all ? null : c, all, !previous.isSelected(), previous.isSelected(), sinceSeconds,
                null, tailLines, true);
        follow.setSelected(!previous.isSelected());
        opener.apply(r).whenComplete((feed, t) -> {
            if (t != null) {
                model.fail(WharfException.userMessage(t instanceof java.util.concurrent.CompletionException ? t.getCause() : t));
            } else {
                model.open(feed);
            }
        });
    }

    /** Applies a snapshot: one list change, the counts, the autoscroll. FX thread. */
    private void apply(LogSnapshot s) {
        VirtualFlow<?> flow = flow();
        int top = flow == null || flow.getFirstVisibleCell() == null ? -1 : flow.getFirstVisibleCell().getIndex();
        long shifted = rows.show(s);
        if (s.restarted()) {
            previous.setDisable(false);
        }
        matchCount.setText(search.getText().isEmpty() ? "" : String.format("%,d lines", s.matchCount()));
        status.setText(String.format("%s · %,d lines", s.status(), s.next() - s.first()));
        if (follow.isSelected()) {
            scrollToEnd();
        } else if (shifted > 0 && top >= 0 && flow != null) {
            flow.scrollToTop((int) Math.max(0, top - shifted));
        }
    }

    private void scrollToEnd() {
        if (rows.isEmpty()) {
            return;
        }
        VirtualFlow<?> flow = flow();
        list.layout(); // the flow learns the new row count first, else it stops at the old end
        int last = flow == null || flow.getLastVisibleCell() == null ? -1 : flow.getLastVisibleCell().getIndex();
        if (flow == null || last < 0 || rows.size() - 1 - last >= 200) {
            list.scrollTo(rows.size() - 1);
        }
        if (flow != null) {
            // a few rows on: move the cells up (only new rows get new content); the flow stops at the end
            flow.scrollPixels((rows.size() - Math.max(0, last) + 2) * (ROW_HEIGHT + 1));
        }
    }

    private void followIfAtBottom() {
        VirtualFlow<?> flow = flow();
        if (flow == null || flow.getLastVisibleCell() == null) {
            return;
        }
        boolean atBottom = flow.getLastVisibleCell().getIndex() >= rows.size() - 1;
        if (follow.isSelected() != atBottom && !previous.isSelected()) {
            follow.setSelected(atBottom);
        }
    }

    private VirtualFlow<?> flow() {
        return list.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
    }

    /** Moves to the next (1) or previous (-1) row that matches the search, and selects it. */
    void step(int direction) {
        LogSnapshot s = rows.snapshot();
        if (s == null || s.matchCount() == 0) {
            return;
        }
        currentMatch = currentMatch < 0 ? (direction > 0 ? 0 : s.matchCount() - 1)
                : Math.floorMod(currentMatch + direction, s.matchCount());
        int index = s.indexOf(s.matches()[currentMatch]);
        if (index >= 0) {
            follow.setSelected(false);
            list.getSelectionModel().clearAndSelect(index);
            list.scrollTo(Math.max(0, index - 3));
        }
        matchCount.setText(String.format("%,d of %,d lines", currentMatch + 1, s.matchCount()));
    }

    /** Copies the selected rows as shown (timestamps when shown), without escapes. */
    void copySelection() {
        List<String> lines = new ArrayList<>();
        for (LogRow r : list.getSelectionModel().getSelectedItems()) {
            if (r != null) {
                lines.add((timestamps.isSelected() && r.line().timestamp() != null ? r.line().timestamp() + " " : "")
                        + r.text());
            }
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(String.join("\n", lines));
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** Writes every line received (not only those still held), as received: timestamp, text with its escapes. */
    public CompletableFuture<Path> save(Path file) {
        return model.save(file).whenComplete((f, t) -> ui.execute(() -> status.setText(t == null ? "saved to " + f
                : WharfException.userMessage(t.getCause() == null ? t : t.getCause()))));
    }

    LogViewModel model() {
        return model;
    }

    /** Stops reading (the tab closed). */
    public void close() {
        model.close();
    }

    private static boolean hadRestarts(Item item) {
        String r = item.properties().get("Restarts");
        try {
            return r != null && Integer.parseInt(r.trim().split("\\s")[0]) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
