package dev.wharf.views.shell;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.actions.ActionMenus;
import dev.wharf.views.actions.BulkActionFlow;
import dev.wharf.views.actions.BulkMenus;
import dev.wharf.views.actions.CommandPalette;
import dev.wharf.views.actions.Confirmer;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.actions.ToastPane;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.details.DetailsView;
import dev.wharf.views.logs.LogRing;
import dev.wharf.views.logs.LogTabs;
import dev.wharf.views.model.ActionChoice;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.table.ItemTableView;
import dev.wharf.views.theme.ThemeController;
import dev.wharf.views.topology.TopologyView;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's content: toolbar (views, search, palette, connections, theme), filter bar
 * with the selection's actions, sources sidebar, topology or table, details, console tabs
 * (shown when a console opens), status bar, the lab banner, toasts and the command palette.
 * Wired by constructor; it never talks to a connector except through {@link Backend}.
 */
public final class MainWindow extends StackPane {
    /**
     * What the window needs.
     *
     * @param labNotice   non-null when the session is the lab: the lab's notice
     * @param confirmer   null for the built-in dialog
     * @param consoles    builds the console tabs from an opener
     */
    public record Deps(InventoryViewModel vm, Backend backend, TaskRunner runner, Executor layoutExecutor, Executor ui,
                       ThemeController theme, String labNotice, Runnable openConnections, Confirmer confirmer,
                       Function<dev.wharf.views.console.ConsoleOpener, ConsoleTabs> consoles) {
        public Deps {
            Objects.requireNonNull(vm);
            Objects.requireNonNull(backend);
            Objects.requireNonNull(runner);
        }
    }

    private final InventoryViewModel vm;
    private final ThemeController theme;
    private final ToastPane toasts = new ToastPane();
    private final ActionController actions;
    private final BulkActionFlow bulk;
    private final TopologyView topology;
    private final ItemTableView table;
    private final DetailsView details;
    private final dev.wharf.views.isolation.IsolationModel isolation;
    private final dev.wharf.views.isolation.IsolationView isolationView;
    private final CentreViews centre;
    private final dev.wharf.views.metrics.UsageViews usage;
    private final CommandPalette palette;
    private final StackPane paletteOverlay = new StackPane();
    private AppToolbar toolbar;
    private boolean swallowSlash;
    private final HBox selectionActions = new HBox(4);
    private final Label selectionName = new Label();
    private final SplitPane vertical = new SplitPane();
    private final ConsoleTabs consoleTabs;
    private final LogTabs logTabs;
    private final dev.wharf.views.portforward.PortForwardsPanel portForwards;
    private final StackPane views = new StackPane();
    private ContextMenu openMenu;
    private final VBox top = new VBox();
    private HBox labBanner;
    private Label labText;

    public MainWindow(Deps d) {
        this.vm = d.vm();
        vm.setReadOnlySources(d.backend()::readOnly);
        this.theme = d.theme();
        getStyleClass().add("main-window");
        Confirmer confirmer = d.confirmer() != null ? d.confirmer()
                : new dev.wharf.views.actions.ConfirmDialog(() -> getScene() == null ? null : getScene().getWindow());
        actions = new ActionController(vm, d.backend(), d.runner(), confirmer, toasts);
        java.util.function.Supplier<javafx.stage.Window> owner = () -> getScene() == null ? null : getScene().getWindow();
        actions.addFlow(new dev.wharf.views.actions.DrainDialog(vm, d.backend(), d.runner(), toasts, owner));
        actions.addFlow(new dev.wharf.views.actions.MigrateDialog(vm, d.backend(), d.runner(), toasts, owner));
        bulk = new BulkActionFlow(vm, d.backend(), d.runner(), d.confirmer() instanceof BulkActionFlow.BulkConfirmer b ? b
                : new dev.wharf.views.actions.BulkConfirmDialog(owner), toasts, actions);
        topology = new TopologyView(vm, d.layoutExecutor(), d.ui());
        table = new ItemTableView(vm);
        isolation = new dev.wharf.views.isolation.IsolationModel(vm, d.layoutExecutor(), d.ui());
        isolationView = new dev.wharf.views.isolation.IsolationView(vm, isolation);
        details = new DetailsView(vm, d.backend(), d.runner(), actions, this::openConsole);
        palette = new CommandPalette(vm, actions);
        consoleTabs = d.consoles() == null ? null : d.consoles().apply(d.backend()::openConsole);
        logTabs = consoleTabs == null ? null : new LogTabs(consoleTabs, d.backend(), LogRing.DEFAULT_CAPACITY, d.ui());
        details.setOnLogs(this::openLogs);
        details.setIsolation(isolation.reportProperty());
        isolation.reportProperty().addListener((o, was, r) -> topology.setFindings(r == null ? null : r.worstByItem()));
        palette.setOnLogs(this::openLogs);
        portForwards = new dev.wharf.views.portforward.PortForwardsPanel(d.backend(), d.runner(), toasts, owner);
        portForwards.attach(consoleTabs, open -> inBottomPane("Port-forwards", open));
        details.setExtraActions(portForwards::detailsButtons);
        usage = dev.wharf.views.metrics.UsageViews.install(new dev.wharf.views.metrics.UsageModel(vm, d.backend(), d.ui()).start(),
                vm, topology, table, details::addPanel);
        if (theme != null) {
            theme.onPalette(topology::setPalette);
            theme.onPalette(usage::setPalette);
        }

        // centre: views | details, consoles below
        topology.setId("topology");
        table.setId("item-table");
        isolationView.setId("isolation");
        centre = new CentreViews(views);
        centre.register(AppToolbar.View.TOPOLOGY, topology);
        centre.register(AppToolbar.View.TABLE, table);
        centre.register(AppToolbar.View.ISOLATION, isolationView);
        views.getStyleClass().add("views");

        ScrollPaneLike detailsBox = new ScrollPaneLike(details);
        SplitPane horizontal = new SplitPane(centre(), detailsBox);
        horizontal.setDividerPositions(0.71);
        horizontal.setMinHeight(120);
        SplitPane.setResizableWithParent(detailsBox, false);
        // the details pane starts DETAILS_WIDTH wide; the views get the rest and keep it on resize
        horizontal.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                if (b.doubleValue() > DETAILS_WIDTH * 2) {
                    horizontal.widthProperty().removeListener(this);
                    // a narrow window leaves the topology more room: the pane opens between 280 and 340 px
                    double details = Math.max(280, Math.min(DETAILS_WIDTH, getWidth() * 0.27));
                    horizontal.setDividerPositions(1 - details / b.doubleValue());
                }
            }
        });
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().add(horizontal);

        BorderPane main = new BorderPane();
        main.getStyleClass().add("main-pane");
        toolbar = new AppToolbar(vm, theme, this::openPalette, d.openConnections());
        top.getChildren().addAll(toolbar, subToolbar());
        if (d.labNotice() != null) {
            setLabNotice(d.labNotice());
        }
        main.setTop(top);
        centre.follow(toolbar.selectedViewProperty());
        SourcesSidebar sidebar = new SourcesSidebar(vm, id -> {
            if (!d.backend().retry(id)) {
                toasts.notify(Notifier.Level.ERROR, "Retry", "Source " + id + " is not open.");
            }
        }, d.openConnections() == null ? () -> { } : d.openConnections());
        sidebar.setId("sidebar");
        main.setLeft(sidebar);
        main.setCenter(vertical);
        main.setBottom(new StatusBar(vm));

        StackPane.setAlignment(toasts, Pos.BOTTOM_RIGHT);
        toasts.setId("toasts");
        paletteOverlay.getChildren().add(palette);
        paletteOverlay.getStyleClass().add("palette-overlay");
        StackPane.setAlignment(palette, Pos.TOP_CENTER);
        paletteOverlay.setVisible(false);
        paletteOverlay.setOnMouseClicked(e -> {
            if (e.getTarget() == paletteOverlay) {
                closePalette();
            }
        });
        palette.setOnClose(this::closePalette);
        palette.setOnGoTo(i -> vm.select(i.id()));
        palette.setCommands(commands(d));
        getChildren().addAll(main, toasts, paletteOverlay);

        topology.setOnOpen(this::openFirstConsole);
        table.setOnOpen(this::openFirstConsole);
        topology.setOnContextMenu((item, e) -> {
            if (item != null) {
                showMenu(item, topology, e.getScreenX(), e.getScreenY());
            }
        });
        table.setOnItemContextMenu((item, e) -> showMenu(item, table, e.getScreenX(), e.getScreenY()));
        vm.selectedProperty().addListener((o, a, b) -> renderSelectionActions());
        vm.selection().versionProperty().addListener((o, a, b) -> renderSelectionActions());
        vm.busy().addListener((javafx.collections.SetChangeListener<String>) c -> renderSelectionActions());
        renderSelectionActions();
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                installKeys(s);
            }
        });
    }

    // ------------------------------------------------------------------ parts

    private Node subToolbar() {
        FilterBar filters = new FilterBar(vm);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        selectionName.getStyleClass().add("selection-name");
        selectionActions.setAlignment(Pos.CENTER_RIGHT);
        selectionActions.setId("selection-actions");
        HBox bar = new HBox(10, filters, spacer, selectionName, selectionActions);
        bar.getStyleClass().add("sub-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** Shows the lab banner ("Lab — a built-in demo cluster") with the lab's notice; call on the UI thread. */
    public void setLabNotice(String notice) {
        if (labBanner == null) {
            FontIcon icon = new FontIcon(Feather.PACKAGE);
            Label title = new Label("Lab \u2014 a built-in demo cluster");
            title.getStyleClass().add("lab-title");
            labText = new Label();
            labText.setId("lab-notice");
            labText.setWrapText(true);
            labText.getStyleClass().add("lab-notice");
            HBox.setHgrow(labText, Priority.ALWAYS);
            labBanner = new HBox(10, icon, title, labText);
            labBanner.setId("lab-banner");
            labBanner.getStyleClass().add("lab-banner");
            labBanner.setAlignment(Pos.CENTER_LEFT);
            top.getChildren().add(labBanner);
        }
        labText.setText(notice == null ? "" : notice);
    }

    private void renderSelectionActions() {
        selectionActions.getChildren().clear();
        if (vm.selection().isMultiple()) {
            BulkMenus.fillBar(selectionName, selectionActions, vm.selectedItems(), bulk);
            return;
        }
        Item sel = vm.selected();
        if (sel == null) {
            selectionName.setText("");
            return;
        }
        selectionName.setText(Labels.kind(sel) + " " + sel.name());
        if (vm.consoleSource(sel).isPresent()) {
            Button c = new Button(null, new FontIcon(Feather.TERMINAL));
            c.setId("selection-console");
            c.setTooltip(new Tooltip("Open console (c)"));
            c.setOnAction(e -> openFirstConsole(sel));
            selectionActions.getChildren().add(c);
        }
        for (ActionChoice ch : actions.choices(sel)) {
            selectionActions.getChildren().add(ActionMenus.button(ch, actions, false));
        }
    }

    private void showMenu(Item item, Node anchor, double x, double y) {
        if (openMenu != null) {
            openMenu.hide();
        }
        openMenu = vm.selection().isMultiple() && vm.selection().contains(item.id())
                ? BulkMenus.contextMenu(vm.selectedItems(), bulk)
                : ActionMenus.contextMenu(item, actions, this::openConsole, details::focusDetails);
        if (Backend.hasLogs(item)) {
            MenuItem logs = new MenuItem("Logs", new FontIcon(Feather.FILE_TEXT));
            logs.setOnAction(e -> openLogs(item));
            openMenu.getItems().add(0, logs);
        }
        portForwards.menuItem(item).ifPresent(m -> openMenu.getItems().add(1, m));
        openMenu.show(anchor, x, y);
    }

    /** The topology or the table, with the topology's strip (legend, zoom) below it. */
    private Node centre() {
        TopologyControls controls = new TopologyControls(topology);
        controls.addTool(usage.heatToggle());
        controls.visibleProperty().bind(topology.visibleProperty().or(table.visibleProperty()));
        controls.managedProperty().bind(controls.visibleProperty());
        VBox box = new VBox(views, controls);
        VBox.setVgrow(views, Priority.ALWAYS);
        box.setMinHeight(0);
        views.setMinHeight(0);
        return box;
    }

    /** The application's commands in the palette. */
    private java.util.List<CommandPalette.Command> commands(Deps d) {
        java.util.List<CommandPalette.Command> list = new java.util.ArrayList<>();
        if (theme != null) {
            list.add(new CommandPalette.Command("Switch theme (light / dark)", "theme dark light colours appearance",
                    Feather.MOON, () -> toolbar.toggleTheme()));
        }
        if (d.openConnections() != null) {
            list.add(new CommandPalette.Command("Connections…", "connections add context kubeconfig libvirt host",
                    Feather.LINK, d.openConnections()));
        }
        list.add(new CommandPalette.Command("Show the topology", "view topology map switch",
                Feather.SHARE_2, this::showTopology));
        list.add(new CommandPalette.Command("Show the table", "view table list switch", Feather.LIST, this::showTable));
        list.add(new CommandPalette.Command("Show isolation", "view isolation kernel tenant findings audit security switch",
                Feather.SHIELD, this::showIsolation));
        list.addAll(portForwards.commands(vm));
        list.add(new CommandPalette.Command("Clear filters and search", "clear filters reset search show all",
                Feather.X, () -> vm.setFilter(dev.wharf.views.model.ItemFilter.ALL)));
        return list;
    }

    // ------------------------------------------------------------------ behaviour

    /**
     * Opens the first console the item offers (a node's: its VM's); says so when there is none.
     */
    public void openFirstConsole(Item item) {
        Item source = vm.consoleSource(item).orElse(null);
        if (source == null) {
            toasts.notify(Notifier.Level.INFO, item.name(), Labels.kind(item) + " " + item.name() + " offers no console.");
            return;
        }
        openConsole(source, source.consoles().iterator().next());
    }

    /** Opens a console in the bottom pane, showing the pane if needed. */
    public void openConsole(Item item, ConsoleType type) {
        if (consoleTabs == null) {
            toasts.notify(Notifier.Level.INFO, "Console", "Consoles are not available in this window.");
            return;
        }
        inBottomPane("Console for " + item.name(), () -> consoleTabs.open(item, type));
    }

    /** Opens the item's Logs tab in the bottom pane (key l, details, context menu, palette). */
    public void openLogs(Item item) {
        if (logTabs == null || !Backend.hasLogs(item)) {
            toasts.notify(Notifier.Level.INFO, item.name(), Labels.kind(item.kind()) + " " + item.name() + " has no logs.");
            return;
        }
        inBottomPane("Logs of " + item.name(), () -> logTabs.open(item));
    }

    private void inBottomPane(String what, Runnable open) {
        try {
            if (!vertical.getItems().contains(consoleTabs)) {
                consoleTabs.setMinHeight(CONSOLE_MIN_HEIGHT);
                vertical.getItems().add(consoleTabs);
                vertical.setDividerPositions(0.62);
                consoleTabs.getTabs().addListener((javafx.collections.ListChangeListener<javafx.scene.control.Tab>) c -> {
                    if (consoleTabs.getTabs().isEmpty()) {
                        vertical.getItems().remove(consoleTabs);
                    }
                });
            }
            open.run();
        } catch (RuntimeException e) {
            if (consoleTabs.getTabs().isEmpty()) {
                vertical.getItems().remove(consoleTabs);
            }
            toasts.notify(Notifier.Level.ERROR, what, dev.wharf.inventory.WharfException.userMessage(e));
        }
    }

    /** The port-forwards (list, dialog); the app sets how URLs open in a browser. */
    public dev.wharf.views.portforward.PortForwardsPanel portForwards() {
        return portForwards;
    }

    public void openPalette() {
        paletteOverlay.setVisible(true);
        palette.open();
    }

    private void closePalette() {
        paletteOverlay.setVisible(false);
        topology.requestFocus();
    }

    private void installKeys(Scene scene) {
        KeyCombination ctrlK = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (inConsole(scene.getFocusOwner())) {
                return; // a terminal has the keyboard: every key (Ctrl+K, Enter, c, /, Delete) is the guest's
            }
            if (ctrlK.match(e)) {
                openPalette();
                e.consume();
                return;
            }
            if (paletteOverlay.isVisible()) {
                return;
            }
            boolean typing = scene.getFocusOwner() instanceof TextInputControl;
            if (scene.getFocusOwner() == toolbar.search() && searchKey(e)) {
                e.consume();
                return;
            }
            if (typing || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            Item sel = vm.selected();
            if (e.getCode() == KeyCode.SLASH) {
                toolbar.search().requestFocus();
                toolbar.search().selectAll();
                swallowSlash = true; // the key's KEY_TYPED would land in the search box
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && sel != null) {
                details.open();
                e.consume();
            } else if (e.getCode() == KeyCode.C && sel != null) {
                openFirstConsole(sel);
                e.consume();
            } else if (e.getCode() == KeyCode.L && sel != null) {
                openLogs(sel);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE && vm.selection().isMultiple()) {
                bulk.request(vm.selectedItems(), Action.DELETE); // one confirmation: type their number
            } else if (e.getCode() == KeyCode.DELETE && sel != null) {
                actions.request(sel, Action.DELETE);
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowSlash && "/".equals(e.getCharacter())) {
                swallowSlash = false;
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SLASH) {
                swallowSlash = false;
            }
        });
    }

    /**
     * Escape in the search box clears it (and leaves it when already empty); Enter selects the
     * first match and moves to the view. True when the key was used.
     */
    private boolean searchKey(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE) {
            if (toolbar.search().getText().isEmpty()) {
                currentView().requestFocus();
            } else {
                toolbar.search().clear();
            }
            return true;
        }
        if (e.getCode() == KeyCode.ENTER) {
            firstMatch().ifPresent(i -> {
                vm.select(i.id());
                currentView().requestFocus();
            });
            return true;
        }
        return false;
    }

    /** The first item shown, in the order the table sorts names. */
    private java.util.Optional<Item> firstMatch() {
        if (table.isVisible() && !table.getItems().isEmpty()) {
            return java.util.Optional.of(table.getItems().get(0));
        }
        return vm.visibleItems().stream().min(java.util.Comparator.comparing(Item::name).thenComparing(Item::id));
    }

    private Node currentView() {
        return centre.current();
    }

    private boolean inConsole(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == consoleTabs) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ for tests and the app

    public InventoryViewModel viewModel() {
        return vm;
    }

    public TopologyView topology() {
        return topology;
    }

    public ItemTableView table() {
        return table;
    }

    public DetailsView details() {
        return details;
    }

    public BulkActionFlow bulk() {
        return bulk;
    }

    public ActionController actions() {
        return actions;
    }

    /** The console tabs (null when the window has no consoles). */
    public ConsoleTabs consoles() {
        return consoleTabs;
    }

    public CommandPalette palette() {
        return palette;
    }

    public Notifier notifier() {
        return toasts;
    }

    public void showTable() {
        toolbar.show(AppToolbar.View.TABLE);
    }

    public void showIsolation() {
        toolbar.show(AppToolbar.View.ISOLATION);
    }

    /** Usage: the model (close it with the window), the details' panel, the topology's colouring. */
    public dev.wharf.views.metrics.UsageViews usage() {
        return usage;
    }

    public dev.wharf.views.isolation.IsolationView isolation() {
        return isolationView;
    }

    public void showTopology() {
        toolbar.show(AppToolbar.View.TOPOLOGY);
    }

    /** The details pane's width when the window opens. */
    public static final double DETAILS_WIDTH = 340;
    /** The least window size the desktop allows (a console still shows a usable terminal there). */
    public static final double MIN_WIDTH = 980;
    public static final double MIN_HEIGHT = 620;
    /** A console pane's least height: its toolbar, tabs and status line, and about 10 lines of terminal. */
    static final double CONSOLE_MIN_HEIGHT = 300;

    /** A thin wrapper so the details pane has its own min/pref width in the split. */
    private static final class ScrollPaneLike extends StackPane {
        ScrollPaneLike(Node content) {
            super(content);
            getStyleClass().add("details-box");
            setMinWidth(280);
            setPrefWidth(DETAILS_WIDTH);
        }
    }
}
