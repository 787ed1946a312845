package dev.wharf.views.details;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.actions.ActionMenus;
import dev.wharf.views.model.ActionChoice;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.Glyphs;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The details of the selected item: header, actions, properties and relations, recent events,
 * and its raw definition (YAML or XML, read-only, with Copy). Events and the definition load in
 * the background when the selection changes; a late answer for an item no longer selected is
 * dropped.
 */
public final class DetailsView extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneId.systemDefault());

    private final InventoryViewModel vm;
    private final Backend backend;
    private final TaskRunner runner;
    private final ActionController actions;
    private final BiConsumer<Item, ConsoleType> console;
    private java.util.function.Consumer<Item> onLogs;

    private final StackPane headerIcon = new StackPane();
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final Label state = new Label();
    private final FlowPane actionBar = new FlowPane(6, 6);
    private final GridPane properties = new GridPane();
    private final VBox relations = new VBox(4);
    private final VBox events = new VBox(6);
    private final TextArea raw = new TextArea();
    private final Label rawStatus = new Label();
    private final TabPane tabs = new TabPane();
    private final VBox content = new VBox(12);
    private final Label empty = new Label("Select a host, node or workload to see its details.");
    private String loadedFor;
    private Item shown;

    public DetailsView(InventoryViewModel vm, Backend backend, TaskRunner runner, ActionController actions,
                       BiConsumer<Item, ConsoleType> console) {
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.actions = actions;
        this.console = console;
        getStyleClass().add("details");
        setMinWidth(0);

        title.getStyleClass().add("details-title");
        title.setId("details-title");
        subtitle.getStyleClass().add("details-subtitle");
        state.getStyleClass().addAll("state-chip");
        state.setMinWidth(Region.USE_PREF_SIZE);
        subtitle.setWrapText(true);
        title.setWrapText(true);
        state.setId("details-state");
        VBox names = new VBox(2, title, subtitle);
        HBox.setHgrow(names, Priority.ALWAYS);
        names.setMinWidth(0);
        HBox head = new HBox(10, headerIcon, names);
        head.setAlignment(Pos.CENTER_LEFT);
        head.getChildren().add(state);
        actionBar.getStyleClass().add("details-actions");

        properties.getStyleClass().add("properties");
        properties.setHgap(14);
        properties.setVgap(6);
        Label relTitle = new Label("Relations");
        relTitle.getStyleClass().add("section-title");
        Label propTitle = new Label("Properties");
        propTitle.getStyleClass().add("section-title");
        VBox overview = new VBox(10, propTitle, properties, relTitle, relations);
        overview.getStyleClass().add("details-page");
        ScrollPane overviewScroll = new ScrollPane(overview);
        overviewScroll.setFitToWidth(true);

        events.getStyleClass().add("details-page");
        ScrollPane eventsScroll = new ScrollPane(events);
        eventsScroll.setFitToWidth(true);

        raw.setEditable(false);
        raw.setId("details-raw");
        raw.getStyleClass().add("raw-text");
        Button copy = new Button("Copy", new FontIcon(Feather.COPY));
        copy.setId("details-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(raw.getText());
            Clipboard.getSystemClipboard().setContent(c);
            rawStatus.setText("Copied");
        });
        HBox rawBar = new HBox(8, rawStatus, new Region(), copy);
        HBox.setHgrow(rawBar.getChildren().get(1), Priority.ALWAYS);
        rawBar.setAlignment(Pos.CENTER_LEFT);
        rawStatus.getStyleClass().add("muted");
        VBox rawPage = new VBox(8, rawBar, raw);
        rawPage.getStyleClass().add("details-page");
        VBox.setVgrow(raw, Priority.ALWAYS);

        Tab t1 = new Tab("Overview", overviewScroll);
        Tab t2 = new Tab("Events", eventsScroll);
        Tab t3 = new Tab("Definition", rawPage);
        t3.setId("tab-definition");
        tabs.getTabs().addAll(t1, t2, t3);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("details-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        content.getChildren().addAll(head, actionBar, tabs);
        VBox.setVgrow(content, Priority.ALWAYS);
        empty.getStyleClass().add("empty-hint");
        empty.setWrapText(true);
        getChildren().add(empty);

        vm.selectedProperty().addListener((o, a, b) -> show(b));
        vm.busy().addListener((javafx.collections.SetChangeListener<String>) c -> {
            if (shown != null) {
                renderActions(shown);
            }
        });
    }

    /** Moves focus to the details (Enter in the topology or table). */
    public void focusDetails() {
        tabs.requestFocus();
    }

    private void show(Item item) {
        if (item == null) {
            shown = null;
            loadedFor = null;
            getChildren().setAll(empty);
            return;
        }
        boolean same = shown != null && shown.id().equals(item.id());
        shown = item;
        if (getChildren().get(0) != content) {
            getChildren().setAll(content);
        }
        headerIcon.getChildren().setAll(Glyphs.kind(item.kind(), 26));
        title.setText(item.name());
        subtitle.setText(Labels.kind(item.kind()) + (item.namespace() == null ? "" : " in " + item.namespace())
                + " · " + vm.source(item.source()).map(s -> s.name()).orElse(item.source()));
        state.setText(Labels.state(item.state()) + (item.stale() ? " (last known)" : ""));
        for (dev.wharf.inventory.State s : dev.wharf.inventory.State.values()) {
            state.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.wire()), s == item.state());
        }
        state.pseudoClassStateChanged(PseudoClass.getPseudoClass("stale"), item.stale());
        renderActions(item);
        renderProperties(item);
        renderRelations(item);
        if (!same || !Objects.equals(loadedFor, item.id())) {
            load(item);
        }
    }

    /** What the Logs button does (open the item's Logs tab). */
    public void setOnLogs(java.util.function.Consumer<Item> f) {
        onLogs = f;
    }

    private void renderActions(Item item) {
        actionBar.getChildren().clear();
        if (onLogs != null && Backend.hasLogs(item)) {
            Button logs = new Button("Logs", new FontIcon(Feather.FILE_TEXT));
            logs.setId("details-logs");
            logs.setOnAction(e -> onLogs.accept(item));
            actionBar.getChildren().add(logs);
        }
        for (ConsoleType t : item.consoles()) {
            Button b = new Button(t == ConsoleType.SERIAL ? "Console" : t == ConsoleType.EXEC ? "Shell" : "Attach",
                    new FontIcon(Feather.TERMINAL));
            b.getStyleClass().add("accent");
            b.setOnAction(e -> console.accept(item, t));
            actionBar.getChildren().add(b);
        }
        for (ActionChoice c : actions.choices(item)) {
            actionBar.getChildren().add(ActionMenus.button(c, actions, true));
        }
    }

    private void renderProperties(Item i) {
        properties.getChildren().clear();
        int row = 0;
        row = prop(row, "Kind", Labels.kind(i.kind()));
        row = prop(row, "Status", i.status());
        if (i.isolation() != null) {
            row = prop(row, "Isolation", Labels.isolation(i.isolation()));
        }
        row = prop(row, "Runtime", i.runtime());
        row = prop(row, "Namespace", i.namespace());
        row = prop(row, "UUID", i.uuid());
        if (i.created() != null) {
            row = prop(row, "Created", TIME.format(i.created()));
        }
        for (Map.Entry<String, String> e : i.properties().entrySet()) {
            row = prop(row, e.getKey(), e.getValue());
        }
    }

    private int prop(int row, String key, String value) {
        if (value == null || value.isEmpty()) {
            return row;
        }
        Label k = new Label(key);
        k.getStyleClass().add("prop-key");
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.getStyleClass().add("prop-value");
        v.setWrapText(true);
        properties.addRow(row, k, v);
        return row + 1;
    }

    private void renderRelations(Item i) {
        relations.getChildren().clear();
        relation("Runs on", i.on());
        relation("Owned by", i.owner());
        relation("Is Kubernetes node", i.carries());
        for (Item o : vm.ownedBy(i.id())) {
            relation("Owns", o.id());
        }
        // the VM that is this node
        for (Item c : vm.items()) {
            if (i.id().equals(c.carries())) {
                relation("Runs as VM", c.id());
            }
        }
        List<Item> children = vm.runningOn(i.id());
        if (!children.isEmpty()) {
            Label l = new Label("Runs " + dev.wharf.views.model.Counts.of(children).kindSummary());
            l.getStyleClass().add("muted");
            relations.getChildren().add(l);
        }
        if (relations.getChildren().isEmpty()) {
            Label none = new Label("None known");
            none.getStyleClass().add("muted");
            relations.getChildren().add(none);
        }
    }

    private void relation(String what, String id) {
        if (id == null) {
            return;
        }
        Item target = vm.item(id).orElse(null);
        Label k = new Label(what);
        k.getStyleClass().add("prop-key");
        k.setMinWidth(120);
        HBox row = new HBox(8, k);
        row.setAlignment(Pos.CENTER_LEFT);
        if (target == null) {
            row.getChildren().add(new Label(id));
        } else {
            Hyperlink link = new Hyperlink(Labels.kind(target.kind()) + " " + target.name());
            link.setGraphic(Glyphs.kind(target.kind(), 13));
            link.setOnAction(e -> vm.select(target.id()));
            row.getChildren().add(link);
        }
        relations.getChildren().add(row);
    }

    private void load(Item item) {
        loadedFor = item.id();
        raw.setText("");
        rawStatus.setText("Loading…");
        events.getChildren().setAll(new Label("Loading events…"));
        String id = item.id();
        runner.run(() -> backend.describe(item), (text, e) -> {
            if (!id.equals(loadedFor)) {
                return;
            }
            if (e == null) {
                raw.setText(text);
                rawStatus.setText("Read-only · " + text.lines().count() + " lines");
            } else {
                raw.setText("");
                rawStatus.setText(WharfException.userMessage(e));
            }
        });
        runner.run(() -> backend.events(item), (list, e) -> {
            if (!id.equals(loadedFor)) {
                return;
            }
            events.getChildren().clear();
            if (e != null) {
                Label l = new Label(WharfException.userMessage(e));
                l.getStyleClass().add("error-text");
                l.setWrapText(true);
                events.getChildren().add(l);
            } else if (list.isEmpty()) {
                Label l = new Label("No recent events");
                l.getStyleClass().add("muted");
                events.getChildren().add(l);
            } else {
                for (int k = list.size() - 1; k >= 0; k--) {
                    events.getChildren().add(eventRow(list.get(k)));
                }
            }
        });
    }

    private static VBox eventRow(ItemEvent ev) {
        Label head = new Label((ev.time() == null ? "" : TIME.format(ev.time()) + "  ")
                + (ev.reason() == null ? "" : ev.reason()));
        head.getStyleClass().add("event-head");
        if ("Warning".equalsIgnoreCase(ev.type())) {
            head.getStyleClass().add("event-warning");
            head.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        }
        Label msg = new Label(ev.message() == null ? "" : ev.message());
        msg.setWrapText(true);
        msg.getStyleClass().add("event-message");
        VBox box = new VBox(2, head, msg);
        box.getStyleClass().add("event-row");
        return box;
    }

    /** The raw definition text shown (for tests). */
    public String rawText() {
        return raw.getText();
    }
}
