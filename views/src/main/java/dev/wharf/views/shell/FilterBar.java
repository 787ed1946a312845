package dev.wharf.views.shell;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.State;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.ItemFilter;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Facet filters (kind, state, isolation, namespace, source) as menu buttons that show how many values are picked. */
public final class FilterBar extends HBox {
    private final InventoryViewModel vm;

    public FilterBar(InventoryViewModel vm) {
        super(6);
        this.vm = vm;
        getStyleClass().add("filter-bar");
        setAlignment(Pos.CENTER_LEFT);
        FontIcon icon = new FontIcon(Feather.FILTER);
        icon.getStyleClass().add("muted-icon");
        Button clear = new Button("Clear", new FontIcon(Feather.X));
        clear.setId("clear-filters");
        clear.getStyleClass().addAll("flat", "small");
        clear.setOnAction(e -> vm.setFilter(ItemFilter.ALL.withText(vm.filter().text())));
        getChildren().addAll(icon,
                facet("filter-kind", "Kind", () -> List.of(ShownKind.values()), Labels::kind, ItemFilter::kinds,
                        ItemFilter::withShownKinds),
                facet("filter-state", "State", () -> List.of(State.values()), Labels::state, ItemFilter::states, ItemFilter::withStates),
                facet("filter-isolation", "Isolation", () -> List.of(Isolation.values()), Labels::isolation,
                        ItemFilter::isolations, ItemFilter::withIsolations),
                facet("filter-namespace", "Namespace", () -> List.copyOf(vm.namespaces()), s -> s,
                        ItemFilter::namespaces, ItemFilter::withNamespaces),
                facet("filter-source", "Source", () -> vm.sources().stream().map(SourceInfo::id).toList(),
                        id -> vm.source(id).map(SourceInfo::name).orElse(id), ItemFilter::sources, ItemFilter::withSources),
                clear);
        clear.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.filter().facetCount() > 0, vm.filterProperty()));
    }

    private <T> MenuButton facet(String id, String title, java.util.function.Supplier<List<T>> values,
                                 Function<T, String> label, Function<ItemFilter, Set<T>> get,
                                 BiFunction<ItemFilter, Set<T>, ItemFilter> with) {
        MenuButton b = new MenuButton(title);
        b.setId(id);
        b.getStyleClass().add("facet");
        Runnable relabel = () -> {
            int n = get.apply(vm.filter()).size();
            b.setText(n == 0 ? title : title + " · " + n);
            b.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("active"), n > 0);
        };
        vm.filterProperty().addListener((o, x, y) -> relabel.run());
        relabel.run();
        b.setOnShowing(e -> {
            b.getItems().clear();
            Set<T> picked = get.apply(vm.filter());
            for (T v : values.get()) {
                CheckMenuItem mi = new CheckMenuItem(label.apply(v));
                mi.setSelected(picked.contains(v));
                mi.setOnAction(ev -> {
                    Set<T> now = new HashSet<>(get.apply(vm.filter()));
                    if (mi.isSelected()) {
                        now.add(v);
                    } else {
                        now.remove(v);
                    }
                    vm.setFilter(with.apply(vm.filter(), now));
                });
                b.getItems().add(mi);
            }
            if (b.getItems().isEmpty()) {
                MenuItem none = new MenuItem("none yet");
                none.setDisable(true);
                b.getItems().add(none);
            } else if (!picked.isEmpty()) {
                b.getItems().add(new SeparatorMenuItem());
                MenuItem all = new MenuItem("Show all");
                all.setOnAction(ev -> vm.setFilter(with.apply(vm.filter(), Set.of())));
                b.getItems().add(all);
            }
        });
        // menus need at least one item to open
        b.getItems().add(new MenuItem("…"));
        return b;
    }
}
