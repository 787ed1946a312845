package dev.wharf.views.shell;

import atlantafx.base.controls.CustomTextField;

import dev.wharf.icons.WharfIcon;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.theme.ThemeController;

import java.util.Objects;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The window's top bar: logo, Topology/Table switch, search, the command palette, connections and the theme. */
final class AppToolbar extends HBox {
    /** Which view fills the centre. */
    enum View { TOPOLOGY, TABLE }

    private final CustomTextField search = new CustomTextField();
    private final ToggleButton topologyToggle = new ToggleButton("Topology", new FontIcon(Feather.SHARE_2));
    private final ToggleButton tableToggle = new ToggleButton("Table", new FontIcon(Feather.LIST));
    private final ToggleButton dark = new ToggleButton();
    private final ReadOnlyObjectWrapper<View> view = new ReadOnlyObjectWrapper<>(View.TOPOLOGY);

    /**
     * @param theme           null in windows without a theme (some tests)
     * @param openConnections null when the window has no connections dialog
     */
    AppToolbar(InventoryViewModel vm, ThemeController theme, Runnable openPalette, Runnable openConnections) {
        super(10);
        ImageView logo = new ImageView(new Image(Objects.requireNonNull(
                WharfIcon.class.getResourceAsStream(WharfIcon.appIconResource(32)))));
        logo.setFitWidth(24);
        logo.setFitHeight(24);
        Label title = new Label("Wharf");
        title.getStyleClass().add("app-title");

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
            view.set(b == topologyToggle ? View.TOPOLOGY : View.TABLE);
        });
        topologyToggle.setSelected(true);
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
        paletteButton.setOnAction(e -> openPalette.run());
        Button connections = new Button(null, new FontIcon(Feather.LINK));
        connections.setId("toolbar-connections");
        connections.setTooltip(new Tooltip("Connections…"));
        connections.setOnAction(e -> {
            if (openConnections != null) {
                openConnections.run();
            }
        });
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
        getChildren().addAll(logo, title, seg, search, spacer, paletteButton, connections, dark);
        getStyleClass().add("app-toolbar");
        setAlignment(Pos.CENTER_LEFT);
    }

    CustomTextField search() {
        return search;
    }

    ReadOnlyObjectProperty<View> selectedViewProperty() {
        return view.getReadOnlyProperty();
    }

    /** Switches between the light and the dark theme (as the toolbar's toggle does). */
    void toggleTheme() {
        dark.setSelected(!dark.isSelected());
    }

    void show(View v) {
        (v == View.TOPOLOGY ? topologyToggle : tableToggle).setSelected(true);
    }
}
