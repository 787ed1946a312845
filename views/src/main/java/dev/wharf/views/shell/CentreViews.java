package dev.wharf.views.shell;

import java.util.EnumMap;
import java.util.Map;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** The views that fill the centre, one per toolbar switch: registered once, the chosen one visible. */
final class CentreViews {
    private final StackPane stack;
    private final Map<AppToolbar.View, Node> views = new EnumMap<>(AppToolbar.View.class);
    private AppToolbar.View current = AppToolbar.View.TOPOLOGY;

    CentreViews(StackPane stack) {
        this.stack = stack;
    }

    /** Adds a view (hidden unless it is the current one). */
    void register(AppToolbar.View v, Node view) {
        views.put(v, view);
        if (view instanceof Region r) {
            r.setMinHeight(0); // a hidden view must not hold the others taller than their place
        }
        view.setVisible(v == current);
        stack.getChildren().add(view);
    }

    /** Follows the toolbar's switch. */
    void follow(ObservableValue<AppToolbar.View> selected) {
        selected.addListener((o, a, b) -> {
            current = b;
            views.forEach((k, n) -> n.setVisible(k == b));
        });
    }

    Node current() {
        return views.get(current);
    }
}
