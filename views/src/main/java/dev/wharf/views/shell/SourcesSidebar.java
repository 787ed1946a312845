package dev.wharf.views.shell;

import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.Labels;

import java.util.Set;
import java.util.function.Consumer;

import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The sources and their status: a spinner while connecting, a dot when connected, what is missing
 * when partial, the message and a Retry button on error. Clicking a source filters to it.
 */
public final class SourcesSidebar extends VBox {
    private final InventoryViewModel vm;
    private final Consumer<String> retry;
    private final VBox list = new VBox(6);

    public SourcesSidebar(InventoryViewModel vm, Consumer<String> retry, Runnable manage) {
        this.vm = vm;
        this.retry = retry;
        getStyleClass().add("sidebar");
        Label title = new Label("SOURCES");
        title.getStyleClass().add("sidebar-title");
        list.getStyleClass().add("source-list");
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("sidebar-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Button connections = new Button("Connections…", new FontIcon(Feather.SETTINGS));
        connections.setId("open-connections");
        connections.getStyleClass().add("flat");
        connections.setMaxWidth(Double.MAX_VALUE);
        connections.setOnAction(e -> manage.run());
        getChildren().addAll(title, scroll, connections);
        vm.sources().addListener((ListChangeListener<SourceInfo>) c -> rebuild());
        vm.filterProperty().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        list.getChildren().clear();
        if (vm.sources().isEmpty()) {
            Label none = new Label("No sources yet");
            none.getStyleClass().add("muted");
            list.getChildren().add(none);
        }
        for (SourceInfo s : vm.sources()) {
            list.getChildren().add(card(s));
        }
    }

    /** A source id usable as a CSS id: letters and digits, the rest turned into '-'. */
    public static String cssId(String sourceId) {
        return sourceId.replaceAll("[^A-Za-z0-9]", "-");
    }

    /**
     * A source's name as {title, uri}: "host (qemu+ssh://host/system)" becomes the host and the
     * URI (shown smaller below it), a bare URI its host part and itself; other names have no URI.
     */
    public static String[] splitName(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+?) \\(([a-z0-9+.-]+:/.*)\\)$").matcher(name);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2)};
        }
        if (name.matches("^[a-z0-9+.-]+:/.*")) {
            try {
                String host = java.net.URI.create(name).getHost();
                return new String[] {host == null || host.isEmpty() ? "localhost" : host, name};
            } catch (IllegalArgumentException e) {
                return new String[] {name, null};
            }
        }
        return new String[] {name, null};
    }

    private Node card(SourceInfo s) {
        Node indicator;
        if (s.status() == SourceStatus.CONNECTING) {
            ProgressIndicator p = new ProgressIndicator();
            p.getStyleClass().add("source-spinner");
            p.setPrefSize(14, 14);
            p.setMaxSize(14, 14);
            indicator = p;
        } else {
            Region dot = new Region();
            dot.getStyleClass().add("source-dot");
            dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.status().wire()), true);
            indicator = dot;
        }
        FontIcon typeIcon = new FontIcon(s.type() == SourceType.KUBERNETES ? Feather.BOX : Feather.SERVER);
        typeIcon.getStyleClass().add("source-type-icon");
        Tooltip.install(typeIcon, new Tooltip(s.type() == SourceType.KUBERNETES ? "Kubernetes cluster" : "libvirt host"));
        String[] title = splitName(s.name());
        Label name = new Label(title[0]);
        name.getStyleClass().add("source-name");
        name.setMinWidth(0);
        name.setTooltip(new Tooltip(s.name()));
        String type = s.type() == SourceType.KUBERNETES ? "Kubernetes" : "libvirt";
        // line 2 says where it is (the URI) or at least what it is; line 3 how it is
        Label status = new Label(title[1] == null ? Labels.sourceStatus(s.status()) + " · " + type
                : Labels.sourceStatus(s.status()));
        status.getStyleClass().add("source-status");
        status.setMinWidth(0);
        status.setTooltip(new Tooltip(status.getText() + (s.message().isEmpty() ? "" : "\n" + s.message())));
        VBox text = new VBox(2, name);
        if (title[1] != null) {
            Label uri = new Label(title[1]);
            uri.getStyleClass().add("source-uri");
            uri.setMinWidth(0);
            uri.setTooltip(new Tooltip(title[1]));
            text.getChildren().add(uri);
        }
        text.getChildren().add(status);
        if (vm.readOnly(s.id())) {
            text.getChildren().add(dev.wharf.views.actions.ReadOnlyBadge.create());
        }
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox head = new HBox(8, indicator, text, typeIcon);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, head);
        card.getStyleClass().add("source-card");
        card.setId("source-" + cssId(s.id()));
        card.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.status().wire()), true);
        Set<String> filtered = vm.filter().sources();
        card.pseudoClassStateChanged(PseudoClass.getPseudoClass("selected"), filtered.contains(s.id()));
        if (!s.message().isEmpty()) {
            Label msg = new Label(s.message());
            msg.getStyleClass().add("source-message");
            msg.setWrapText(true);
            msg.setMinWidth(0);
            card.getChildren().add(msg);
        }
        if (s.status() == SourceStatus.ERROR) {
            Button b = new Button("Retry", new FontIcon(Feather.REFRESH_CW));
            b.getStyleClass().addAll("small", "retry-button");
            b.setId("retry-" + cssId(s.id()));
            b.setOnAction(e -> {
                retry.accept(s.id());
                e.consume();
            });
            card.getChildren().add(b);
        }
        card.setOnMouseClicked(e -> {
            Set<String> cur = vm.filter().sources();
            vm.setFilter(vm.filter().withSources(cur.equals(Set.of(s.id())) ? Set.of() : Set.of(s.id())));
        });
        return card;
    }
}
