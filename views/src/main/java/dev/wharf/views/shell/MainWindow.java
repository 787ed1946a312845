package dev.wharf.views.shell;

import atlantafx.base.controls.CustomTextField;

import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.actions.ActionController;
import dev.wharf.views.actions.ActionMenus;
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
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
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
    private final TopologyView topology;
    private final ItemTableView table;
    private final DetailsView details;
    private final CommandPalette palette;
    private final StackPane paletteOverlay = new StackPane();
    private final CustomTextField search = new CustomTextField();
    private final HBox selectionActions = new HBox(4);
    private final Label selectionName = new Label();
    private final SplitPane vertical = new SplitPane();
    private final ConsoleTabs consoleTabs;
    private final LogTabs logTabs;
    private final StackPane views = new StackPane();
    private final ToggleButton topologyToggle = new ToggleButton("Topology", new FontIcon(Feather.SHARE_2));
    private final ToggleButton tableToggle = new ToggleButton("Table", new FontIcon(Feather.LIST));
    private ContextMenu openMenu;
    private final VBox top = new VBox();
    private HBox labBanner;
    private Label labText;

    public MainWindow(Deps d) {
        this.vm = d.vm();
        this.theme = d.theme();
        getStyleClass().add("main-window");
        Confirmer confirmer = d.confirmer() != null ? d.confirmer()
                : new dev.wharf.views.actions.ConfirmDialog(() -> getScene() == null ? null : getScene().getWindow());
        actions = new ActionController(vm, d.backend(), d.runner(), confirmer, toasts);
        topology = new TopologyView(vm, d.layoutExecutor(), d.ui());
        table = new ItemTableView(vm);
        details = new DetailsView(vm, d.backend(), d.runner(), actions, this::openConsole);
        palette = new CommandPalette(vm, actions);
        consoleTabs = d.consoles() == null ? null : d.consoles().apply(d.backend()::openConsole);
        logTabs = consoleTabs == null ? null : new LogTabs(consoleTabs, d.backend(), LogRing.DEFAULT_CAPACITY);
        details.setOnLogs(this::openLogs);
        palette.setOnLogs(this::openLogs);
        if (theme != null) {
            theme.onPalette(topology::setPalette);
        }

        // centre: views | details, consoles below
        topology.setId("topology");
        table.setId("item-table");
        views.getChildren().addAll(topology, table);
        views.getStyleClass().add("views");
        ToggleGroup viewGroup = new ToggleGroup();
        topologyToggle.setToggleGroup(viewGroup);
        tableToggle.setToggleGroup(viewGroup);
        topologyToggle.setId("show-topology");
        tableToggle.setId("show-table");
        topologyToggle.getStyleClass().add("left-pill");
        tableToggle.getStyleClass().add("right-pill");
        viewGroup.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
                return;
            }
            topology.setVisible(b == topologyToggle);
            table.setVisible(b == tableToggle);
        });
        topologyToggle.setSelected(true);
        table.setVisible(false);

        ScrollPaneLike detailsBox = new ScrollPaneLike(details);
        SplitPane horizontal = new SplitPane(new StackPane(views, topologyControls()), detailsBox);
        horizontal.setDividerPositions(0.71);
        SplitPane.setResizableWithParent(detailsBox, false);
        // the details pane starts DETAILS_WIDTH wide; the views get the rest and keep it on resize
        horizontal.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                if (b.doubleValue() > DETAILS_WIDTH * 2) {
                    horizontal.widthProperty().removeListener(this);
                    horizontal.setDividerPositions(1 - DETAILS_WIDTH / b.doubleValue());
                }
            }
        });
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().add(horizontal);

        BorderPane main = new BorderPane();
        main.getStyleClass().add("main-pane");
        top.getChildren().addAll(toolbar(d), subToolbar());
        if (d.labNotice() != null) {
            setLabNotice(d.labNotice());
        }
        main.setTop(top);
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
        vm.busy().addListener((javafx.collections.SetChangeListener<String>) c -> renderSelectionActions());
        renderSelectionActions();
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                installKeys(s);
            }
        });
    }

    // ------------------------------------------------------------------ parts

    private Node toolbar(Deps d) {
        ImageView logo = new ImageView(new Image(Objects.requireNonNull(
                WharfIcon.class.getResourceAsStream(WharfIcon.appIconResource(32)))));
        logo.setFitWidth(24);
        logo.setFitHeight(24);
        Label title = new Label("Wharf");
        title.getStyleClass().add("app-title");
        HBox seg = new HBox(topologyToggle, tableToggle);
        seg.getStyleClass().add("segmented");

        search.setId("search");
        search.setPromptText("Search names, namespaces, states…");
        search.setLeft(new FontIcon(Feather.SEARCH));
        Label slash = new Label("/");
        slash.getStyleClass().add("kbd");
        search.setRight(slash);
        search.setPrefWidth(340);
        search.textProperty().addListener((o, a, b) -> vm.setFilter(vm.filter().withText(b)));
        vm.filterProperty().addListener((o, a, f) -> {
            if (!f.text().equals(search.getText().strip())) {
                search.setText(f.text());
            }
        });

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button paletteButton = new Button("Commands", new FontIcon(Feather.COMMAND));
        paletteButton.setId("open-palette");
        paletteButton.setTooltip(new Tooltip("Command palette (Ctrl+K)"));
        paletteButton.setOnAction(e -> openPalette());
        Button connections = new Button(null, new FontIcon(Feather.LINK));
        connections.setId("toolbar-connections");
        connections.setTooltip(new Tooltip("Connections…"));
        connections.setOnAction(e -> {
            if (d.openConnections() != null) {
                d.openConnections().run();
            }
        });
        ToggleButton dark = new ToggleButton();
        dark.setId("theme-toggle");
        if (theme != null) {
            dark.setSelected(theme.isDark());
            dark.setGraphic(new FontIcon(theme.isDark() ? Feather.SUN : Feather.MOON));
            dark.selectedProperty().addListener((o, a, b) -> {
                theme.setDark(b);
                dark.setGraphic(new FontIcon(b ? Feather.SUN : Feather.MOON));
            });
        }
        dark.setTooltip(new Tooltip("Light or dark theme"));
        HBox bar = new HBox(10, logo, title, seg, search, spacer, paletteButton, connections, dark);
        bar.getStyleClass().add("app-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

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

    private Node topologyControls() {
        Button zoomIn = iconButton(Feather.ZOOM_IN, "Zoom in", topology::zoomIn);
        Button zoomOut = iconButton(Feather.ZOOM_OUT, "Zoom out", topology::zoomOut);
        Button fit = iconButton(Feather.MAXIMIZE, "Fit to window", topology::fit);
        fit.setId("topology-fit");
        Button collapse = iconButton(Feather.MINIMIZE_2, "Collapse all", () -> topology.collapseAll(true));
        Button expand = iconButton(Feather.MAXIMIZE_2, "Expand all", () -> topology.collapseAll(false));
        HBox box = new HBox(2, zoomOut, zoomIn, fit, new Separator(Orientation.VERTICAL), collapse, expand);
        box.getStyleClass().add("canvas-controls");
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        // both overlays sit in the strip the topology keeps free below a fitted layout
        StackPane.setAlignment(box, Pos.BOTTOM_RIGHT);
        box.visibleProperty().bind(topology.visibleProperty());
        Legend legend = new Legend();
        legend.visibleProperty().bind(topology.visibleProperty());
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane overlay = new StackPane(box, legend);
        overlay.setPickOnBounds(false);
        return overlay;
    }

    private static Button iconButton(Feather icon, String tip, Runnable r) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("flat", "canvas-button");
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        return b;
    }

    private void renderSelectionActions() {
        selectionActions.getChildren().clear();
        Item sel = vm.selected();
        if (sel == null) {
            selectionName.setText("");
            return;
        }
        selectionName.setText(Labels.kind(sel.kind()) + " " + sel.name());
        if (!sel.consoles().isEmpty()) {
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
        openMenu = ActionMenus.contextMenu(item, actions, this::openConsole, details::focusDetails);
        if (Backend.hasLogs(item)) {
            MenuItem logs = new MenuItem("Logs", new FontIcon(Feather.FILE_TEXT));
            logs.setOnAction(e -> openLogs(item));
            openMenu.getItems().add(0, logs);
        }
        openMenu.show(anchor, x, y);
    }

    // ------------------------------------------------------------------ behaviour

    /** Opens the first console the item offers; says so when it offers none. */
    public void openFirstConsole(Item item) {
        if (item.consoles().isEmpty()) {
            toasts.notify(Notifier.Level.INFO, item.name(), Labels.kind(item.kind()) + " " + item.name() + " offers no console.");
            return;
        }
        openConsole(item, item.consoles().iterator().next());
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
            if (e.getCode() == KeyCode.ESCAPE && scene.getFocusOwner() == search) {
                topology.requestFocus();
                e.consume();
                return;
            }
            if (typing || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            Item sel = vm.selected();
            if (e.getCode() == KeyCode.SLASH) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && sel != null) {
                details.focusDetails();
                e.consume();
            } else if (e.getCode() == KeyCode.C && sel != null) {
                openFirstConsole(sel);
                e.consume();
            } else if (e.getCode() == KeyCode.L && sel != null) {
                openLogs(sel);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE && sel != null) {
                actions.request(sel, Action.DELETE);
                e.consume();
            }
        });
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
        tableToggle.setSelected(true);
    }

    public void showTopology() {
        topologyToggle.setSelected(true);
    }

    /** The details pane's width when the window opens. */
    public static final double DETAILS_WIDTH = 340;

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
