package dev.wharf.views.actions;

import dev.wharf.inventory.Item;
import dev.wharf.views.model.ActionChoice;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.FuzzyMatch;
import dev.wharf.views.model.InventoryViewModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The command palette (Ctrl+K): a fuzzy filter over "Action: item" entries for the visible
 * items, "Go to: item", and the application's commands (theme, connections, views, filters).
 * Lives as an overlay in the window; Enter runs, Escape closes.
 */
public final class CommandPalette extends VBox {
    /**
     * One entry: an action choice, a jump to an item (no choice), or an application command
     * ({@code command} set, no item).
     */
    public record Entry(String label, ActionChoice choice, Item item, int score, Command command) {
        Entry(String label, ActionChoice choice, Item item, int score) {
            this(label, choice, item, score, null);
        }
    }

    /**
     * An application command (theme, connections, views, filters): found by its label and its
     * keywords, run on the UI thread.
     */
    public record Command(String label, String keywords, Ikon icon, Runnable run) {
    }

    private static final int SHOWN = 60;
    private static final int COMMAND_BONUS = 1000;

    private final InventoryViewModel vm;
    private final ActionController actions;
    private final TextField query = new TextField();
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ListView<Entry> list = new ListView<>(entries);
    private Runnable onClose = () -> { };
    private Consumer<Item> onGoTo = i -> { };
    private Consumer<Item> onLogs = i -> { };
    /** The label of an entry that opens an item's Logs tab. */
    static final String LOGS = "Logs: ";
    private List<Command> commands = List.of();

    public CommandPalette(InventoryViewModel vm, ActionController actions) {
        super(6);
        this.vm = vm;
        this.actions = actions;
        getStyleClass().add("command-palette");
        setMaxSize(640, 440);
        query.setId("palette-query");
        query.setPromptText("Type an action or a name — e.g. \u201cstop web\u201d");
        query.getStyleClass().add("palette-query");
        list.setId("palette-list");
        list.getStyleClass().add("palette-list");
        list.setCellFactory(l -> new EntryCell());
        list.setPrefHeight(360);
        VBox.setVgrow(list, Priority.ALWAYS);
        Label hint = new Label("\u2191\u2193 choose · Enter run · Esc close");
        hint.getStyleClass().add("palette-hint");
        getChildren().addAll(query, list, hint);
        query.textProperty().addListener((o, a, b) -> refresh());
        query.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN) {
                list.getSelectionModel().selectNext();
                e.consume();
            } else if (e.getCode() == KeyCode.UP) {
                list.getSelectionModel().selectPrevious();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                runSelected();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                onClose.run();
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                runSelected();
            }
        });
    }

    public void setOnClose(Runnable r) {
        onClose = r;
    }

    public void setOnGoTo(Consumer<Item> f) {
        onGoTo = f;
    }

    /** What a "Logs: NAME" entry does. */
    public void setOnLogs(Consumer<Item> f) {
        onLogs = f;
    }

    /** The application's commands, listed with the items' actions. */
    public void setCommands(List<Command> list) {
        commands = List.copyOf(list);
    }

    /** Resets and focuses the query. */
    public void open() {
        query.clear();
        refresh();
        query.requestFocus();
    }

    public TextField query() {
        return query;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Runs the highlighted entry. */
    public void runSelected() {
        Entry e = list.getSelectionModel().getSelectedItem();
        if (e == null) {
            return;
        }
        if (e.choice() != null && !e.choice().enabled()) {
            return;
        }
        onClose.run();
        if (e.command() != null) {
            e.command().run().run();
        } else if (e.choice() == null && e.label().startsWith(LOGS)) {
            onLogs.accept(e.item());
        } else if (e.choice() == null) {
            onGoTo.accept(e.item());
        } else {
            actions.request(e.item(), e.choice().action());
        }
    }

    /** Entries for {@code q} over {@code items}, best first (pure, for tests). */
    public static List<Entry> search(String q, List<Item> items, ActionController actions, int limit) {
        return search(q, List.of(), items, actions, limit);
    }

    /**
     * Entries for {@code q} over the application's commands and {@code items}, best first; with
     * nothing typed the items' entries come first (the selection's actions), then the commands.
     */
    public static List<Entry> search(String q, List<Command> commands, List<Item> items, ActionController actions,
                                     int limit) {
        List<Entry> out = new ArrayList<>();
        boolean typed = q != null && !q.isBlank();
        for (Command c : commands) {
            int s = Math.max(FuzzyMatch.score(q, c.label()), typed ? FuzzyMatch.score(q, c.keywords()) : -1);
            if (s >= 0) {
                // a typed word that names a command (theme, table, filters) puts it first
                String words = (c.label() + " " + c.keywords()).toLowerCase(java.util.Locale.ROOT);
                boolean named = typed && words.contains(q.strip().toLowerCase(java.util.Locale.ROOT));
                out.add(new Entry(c.label(), null, null, !typed ? Integer.MIN_VALUE : named ? s + COMMAND_BONUS : s, c));
            }
        }
        Item selectedFirst = null;
        for (Item i : items) {
            for (ActionChoice c : actions.choices(i)) {
                if (!c.enabled() && !c.reason().startsWith("Not permitted")) {
                    continue; // the palette lists what can run now, and what RBAC forbids (to say why)
                }
                String label = c.paletteLabel();
                int s = FuzzyMatch.score(q, label);
                if (s >= 0) {
                    out.add(new Entry(label, c, i, c.enabled() ? s + 1 : s / 2));
                }
            }
            if (Backend.hasLogs(i)) {
                int ls = FuzzyMatch.score(q, LOGS + i.name());
                if (ls >= 0) {
                    out.add(new Entry(LOGS + i.name(), null, i, ls));
                }
            }
            String go = "Go to: " + i.name();
            int s = FuzzyMatch.score(q, go);
            if (s >= 0) {
                out.add(new Entry(go, null, i, s));
            }
        }
        if (q == null || q.isBlank()) {
            // nothing typed: the given order (the selection first), not "Delete: …" for everything
            out.sort(Comparator.comparingInt(Entry::score).reversed());
        } else {
            out.sort(Comparator.comparingInt(Entry::score).reversed().thenComparing(Entry::label));
        }
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private void refresh() {
        List<Item> items = new ArrayList<>(vm.visibleItems());
        Item sel = vm.selected();
        if (sel != null) {
            items.remove(sel);
            items.add(0, sel);
        }
        entries.setAll(search(query.getText(), commands, items, actions, SHOWN));
        list.getSelectionModel().selectFirst();
    }

    private static final class EntryCell extends ListCell<Entry> {
        @Override
        protected void updateItem(Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label main = new Label(e.label());
            main.getStyleClass().add("palette-label");
            HBox row = new HBox(10);
            row.setAlignment(Pos.CENTER_LEFT);
            if (e.command() != null) {
                row.getChildren().add(new FontIcon(e.command().icon()));
            } else if (e.choice() != null) {
                row.getChildren().add(new FontIcon(ActionMenus.icon(e.choice().action())));
            } else {
                row.getChildren().add(new FontIcon(org.kordamp.ikonli.feather.Feather.ARROW_RIGHT));
            }
            row.getChildren().add(main);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            row.getChildren().add(spacer);
            if (e.choice() != null && !e.choice().enabled()) {
                Label why = new Label(e.choice().reason());
                why.getStyleClass().add("palette-reason");
                why.setMaxWidth(300);
                row.getChildren().add(why);
                row.setOpacity(0.55);
            } else if (e.command() != null) {
                Label app = new Label("Wharf");
                app.getStyleClass().add("palette-reason");
                row.getChildren().add(app);
            } else if (e.item().namespace() != null) {
                Label ns = new Label(e.item().namespace());
                ns.getStyleClass().add("palette-reason");
                row.getChildren().add(ns);
            }
            setText(null);
            setGraphic(row);
        }
    }
}
