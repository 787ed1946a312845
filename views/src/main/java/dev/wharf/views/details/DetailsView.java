package dev.wharf.views.details;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.MigrationProgress;
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

import java.time.Clock;
import java.time.Instant;
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
 * The details of the selected item: header, actions, the Overview (why it fails in one sentence,
 * then the sections its facets ask for: migration, containers, conditions, node resources and
 * taints; properties and relations, "owned by" its controller with Restart), recent events,
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
    private java.util.function.Function<Item, java.util.List<javafx.scene.Node>> extraActions = i -> java.util.List.of();
    private javafx.beans.value.ObservableValue<dev.wharf.isolation.IsolationReport> isolation;

    private final StackPane headerIcon = new StackPane();
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final Label state = new Label();
    private final Label readOnly = dev.wharf.views.actions.ReadOnlyBadge.create();
    private final SelectionSummary summary;
    private final FlowPane actionBar = new FlowPane(6, 6);
    private final GridPane properties = new GridPane();
    /** Why it fails, its migration, containers, conditions, node facts: the sections a facet asks for. */
    private final VBox explain = new VBox(12);
    private final java.util.List<javafx.scene.Node> panels = new java.util.ArrayList<>();
    private final Clock clock;
    private final VBox relations = new VBox(4);
    private final VBox events = new VBox(6);
    private final TextArea raw = new TextArea();
    private final Label rawStatus = new Label();
    private final dev.wharf.views.edit.EditButton editButton;
    private final TabPane tabs = new TabPane();
    private final VBox content = new VBox(12);
    private final Label empty = new Label("Select a host, node or workload to see its details.");
    private String loadedFor;
    private Item shown;
    private final java.util.Set<String> shownKeys = new java.util.HashSet<>();

    public DetailsView(InventoryViewModel vm, Backend backend, TaskRunner runner, ActionController actions,
                       BiConsumer<Item, ConsoleType> console) {
        this(vm, backend, runner, actions, console, Clock.systemUTC());
    }

    /** @param clock "2 minutes ago" is said against it */
    public DetailsView(InventoryViewModel vm, Backend backend, TaskRunner runner, ActionController actions,
                       BiConsumer<Item, ConsoleType> console, Clock clock) {
        this.clock = clock;
        this.vm = vm;
        this.backend = backend;
        this.runner = runner;
        this.actions = actions;
        this.console = console;
        this.editButton = new dev.wharf.views.edit.EditButton(backend, runner);
        editButton.onApplied(i -> { // the Definition tab shows what was written
            if (i.id().equals(loadedFor)) {
                load(vm.item(i.id()).orElse(i));
            }
        });
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
        names.getChildren().add(readOnly); // below the name: the title keeps its width
        summary = new SelectionSummary(vm);
        actionBar.getStyleClass().add("details-actions");

        properties.getStyleClass().add("properties");
        properties.setHgap(14);
        properties.setVgap(6);
        Label relTitle = new Label("Relations");
        relTitle.getStyleClass().add("section-title");
        Label propTitle = new Label("Properties");
        propTitle.getStyleClass().add("section-title");
        explain.setId("details-explain");
        VBox overview = new VBox(10, explain, propTitle, properties, relTitle, relations);
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
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(raw.getText());
            Clipboard.getSystemClipboard().setContent(c);
            rawStatus.setText("Copied");
        });
        HBox rawBar = new HBox(8, rawStatus, new Region(), editButton, copy);
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
        dev.wharf.views.snapshots.SnapshotsTab.attach(tabs, vm, backend, runner, actions);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("details-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        content.getChildren().addAll(head, actionBar, tabs);
        VBox.setVgrow(content, Priority.ALWAYS);
        empty.getStyleClass().add("empty-hint");
        empty.setWrapText(true);
        getChildren().add(empty);

        vm.selectedProperty().addListener((o, a, b) -> show(b));
        vm.selection().versionProperty().addListener((o, a, b) -> show(vm.selected()));
        vm.busy().addListener((javafx.collections.SetChangeListener<String>) c -> {
            if (shown != null) {
                // buttons live in the header and in sections (Cancel, Restart): all follow "busy"
                renderActions(shown);
                renderExplanation(shown);
                renderRelations(shown);
            }
        });
    }

    /** Moves focus to the details (the context menu's Details). */
    public void focusDetails() {
        open();
    }

    /**
     * Shows the selection's Overview and moves the keyboard there; the pane is outlined while it
     * has the focus ({@code :focus-within}), so Enter visibly opens the details.
     */
    public void open() {
        tabs.getSelectionModel().selectFirst();
        tabs.requestFocus();
    }

    /** The title of the tab shown (for tests). */
    public String selectedTab() {
        return tabs.getSelectionModel().getSelectedItem().getText();
    }

    private void show(Item item) {
        if (vm.selection().isMultiple()) {
            shown = null; // several selected: their summary
            getChildren().setAll(summary);
            summary.refresh();
            return;
        }
        if (item == null) {
            shown = null;
            loadedFor = null;
            getChildren().setAll(empty);
            return;
        }
        boolean same = shown != null && shown.id().equals(item.id());
        shown = item;
        if (getChildren().isEmpty() || getChildren().get(0) != content) {
            getChildren().setAll(content);
        }
        headerIcon.getChildren().setAll(Glyphs.kind(item, 26));
        title.setText(item.name());
        subtitle.setText(Labels.kind(item) + (item.namespace() == null ? "" : " in " + item.namespace())
                + " · " + vm.source(item.source()).map(s -> s.name()).orElse(item.source()));
        state.setText(Labels.state(item.state()) + (item.stale() ? " (last known)" : ""));
        readOnly.setVisible(backend.readOnly(item.source()));
        readOnly.setManaged(readOnly.isVisible());
        for (dev.wharf.inventory.State s : dev.wharf.inventory.State.values()) {
            state.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.wire()), s == item.state());
        }
        state.pseudoClassStateChanged(PseudoClass.getPseudoClass("stale"), item.stale());
        renderActions(item);
        renderExplanation(item);
        renderProperties(item);
        renderRelations(item);
        if (!same || !Objects.equals(loadedFor, item.id())) {
            load(item);
        }
    }

    /** What the Logs button does (open the item's Logs tab). */
    /** Shows the item's boundary and findings from this report, re-rendered when a new one is ready. */
    public void setIsolation(javafx.beans.value.ObservableValue<dev.wharf.isolation.IsolationReport> report) {
        isolation = report;
        report.addListener((o, a, r) -> {
            if (shown != null) {
                renderExplanation(shown);
            }
        });
    }

    /** Adds a panel that follows the selection by itself (usage) to the Overview, right under the one-sentence "why" (above the long sections, so it shows without scrolling). */
    public void addPanel(javafx.scene.Node panel) {
        panels.add(panel);
        renderExplanation(shown);
    }

    public void setOnLogs(java.util.function.Consumer<Item> f) {
        onLogs = f;
    }

    /** Further buttons for an item from other views' packages (Port-forward…), after Logs. */
    public void setExtraActions(java.util.function.Function<Item, java.util.List<javafx.scene.Node>> f) {
        extraActions = f;
    }

    private void renderActions(Item item) {
        actionBar.getChildren().clear();
        if (onLogs != null && Backend.hasLogs(item)) {
            Button logs = new Button("Logs", new FontIcon(Feather.FILE_TEXT));
            logs.setId("details-logs");
            logs.setOnAction(e -> onLogs.accept(item));
            actionBar.getChildren().add(logs);
        }
        actionBar.getChildren().addAll(extraActions.apply(item));
        for (ConsoleType t : item.consoles()) {
            Button b = new Button(ActionMenus.consoleLabel(t), new FontIcon(Feather.TERMINAL));
            b.getStyleClass().add("accent");
            b.setOnAction(e -> console.accept(item, t));
            actionBar.getChildren().add(b);
        }
        if (item.consoles().isEmpty()) {
            // a node that runs as a VM: its console is the VM's
            vm.carrierOf(item.id()).ifPresent(carrier -> {
                for (ConsoleType t : carrier.consoles()) {
                    Button b = new Button(ActionMenus.consoleLabel(t), new FontIcon(Feather.TERMINAL));
                    b.getStyleClass().add("accent");
                    b.setId("details-vm-console");
                    javafx.scene.control.Tooltip.install(b, new javafx.scene.control.Tooltip(
                            "The console of VM " + carrier.name() + ", which is this node"));
                    b.setOnAction(e -> console.accept(carrier, t));
                    actionBar.getChildren().add(b);
                }
            });
        }
        for (ActionChoice c : actions.choices(item)) {
            if (!shownInSection(item, c.action())) {
                actionBar.getChildren().add(ActionMenus.button(c, actions, true));
            }
        }
    }

    /** Cancel sits in the migration's section, Restart beside "Owned by": not twice. */
    private static boolean shownInSection(Item item, Action a) {
        return a == Action.CANCEL_MIGRATION && item.facet(MigrationProgress.class).isPresent()
                || a == Action.RESTART_WORKLOAD && item.facet(Controller.class).isPresent();
    }

    /** The sections the item's facets ask for, the one-sentence "why" first. */
    private void renderExplanation(Item item) {
        Instant now = clock.instant();
        explain.getChildren().clear();
        javafx.scene.Node banner = item == null ? null : DiagnosisBanner.build(item, now);
        if (banner != null) {
            explain.getChildren().add(banner);
        }
        explain.getChildren().addAll(panels);
        for (javafx.scene.Node n : item == null ? new javafx.scene.Node[0] : new javafx.scene.Node[] {
                MigrationSection.build(item, actions, now),
                ContainersSection.build(item, now),
                ConditionsSection.build(item, now),
                NodeSection.build(item),
                IsolationSection.build(item, isolation == null ? null : isolation.getValue())}) {
            if (n != null) {
                explain.getChildren().add(n);
            }
        }
        explain.setManaged(!explain.getChildren().isEmpty());
        explain.setVisible(!explain.getChildren().isEmpty());
    }

    private void renderProperties(Item i) {
        properties.getChildren().clear();
        shownKeys.clear();
        int row = 0;
        row = prop(row, "Kind", Labels.kind(i));
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
            // a source may repeat a fact shown above (libvirt lists the UUID among its properties)
            if (!shownKeys.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                row = prop(row, e.getKey(), e.getValue());
            }
        }
    }

    private int prop(int row, String key, String value) {
        if (value == null || value.isEmpty()) {
            return row;
        }
        shownKeys.add(key.toLowerCase(java.util.Locale.ROOT));
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
        i.facet(Controller.class).ifPresent(c -> controller(i, c));
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
        // the same items the topology draws in its frame; the pods a VM owns (virt-launcher) apart
        List<Item> children = vm.runningOn(i.id());
        List<Item> listed = children.stream().filter(Item::listedByDefault).toList();
        if (!children.isEmpty()) {
            int owned = children.size() - listed.size();
            Label l = new Label("Runs " + dev.wharf.views.model.Counts.of(listed).kindSummary()
                    + (owned == 0 ? "" : " (and " + owned + (owned == 1 ? " pod" : " pods") + " owned by its VMs)"));
            l.setId("details-runs");
            l.setWrapText(true);
            l.getStyleClass().add("muted");
            relations.getChildren().add(l);
        }
        if (relations.getChildren().isEmpty()) {
            Label none = new Label("None known");
            none.getStyleClass().add("muted");
            relations.getChildren().add(none);
        }
    }

    /** "Owned by Deployment payments (via ReplicaSet …)" and, when the item offers it, Restart. */
    private void controller(Item i, Controller c) {
        Label k = new Label("Owned by");
        k.getStyleClass().add("prop-key");
        k.setMinWidth(120);
        Label what = new Label(c.label());
        what.setId("details-controller");
        HBox row = new HBox(8, k, what);
        row.setAlignment(Pos.CENTER_LEFT);
        if (c.via() != null) {
            Label via = new Label("via " + c.via());
            via.getStyleClass().add("muted");
            row.getChildren().add(via);
        }
        actions.choices(i).stream().filter(ch -> ch.action() == Action.RESTART_WORKLOAD).findFirst()
                .ifPresent(ch -> row.getChildren().add(ActionMenus.button(ch, actions, "Restart")));
        relations.getChildren().add(row);
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
            Hyperlink link = new Hyperlink(Labels.kind(target) + " " + target.name());
            link.setGraphic(Glyphs.kind(target, 13));
            link.setOnAction(e -> vm.select(target.id()));
            row.getChildren().add(link);
        }
        relations.getChildren().add(row);
    }

    private void load(Item item) {
        loadedFor = item.id();
        editButton.showFor(item);
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
