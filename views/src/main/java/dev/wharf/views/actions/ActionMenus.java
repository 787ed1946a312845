package dev.wharf.views.actions;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;
import dev.wharf.views.model.ActionChoice;

import java.util.List;
import java.util.function.BiConsumer;

import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Menus and buttons built from an item's action choices (its capabilities). */
public final class ActionMenus {
    private ActionMenus() {
    }

    public static Ikon icon(Action a) {
        return switch (a) {
            case START -> Feather.PLAY;
            case STOP -> Feather.STOP_CIRCLE;
            case RESTART -> Feather.ROTATE_CW;
            case PAUSE -> Feather.PAUSE;
            case RESUME -> Feather.PLAY_CIRCLE;
            case MIGRATE -> Feather.SHUFFLE;
            case DELETE -> Feather.TRASH_2;
            case SHUTDOWN -> Feather.POWER;
            case REBOOT -> Feather.REFRESH_CW;
            case FORCE_OFF -> Feather.ZAP_OFF;
            case CORDON -> Feather.SLASH;
            case UNCORDON -> Feather.CHECK_CIRCLE;
            case DRAIN -> Feather.LOG_OUT;
            case CANCEL_MIGRATION -> Feather.X_CIRCLE;
            case RESTART_WORKLOAD -> Feather.REFRESH_CCW;
        };
    }

    /** What the buttons and menus call a console: Console (serial), Shell (exec), Attach, Graphics (VNC). */
    public static String consoleLabel(ConsoleType t) {
        return switch (t) {
            case SERIAL -> "Console";
            case EXEC -> "Shell";
            case ATTACH -> "Attach";
            case VNC -> "Graphics";
        };
    }

    /** A context menu: details, console entries, Copy name/id/UUID, then actions; disabled ones say why in a tooltip. */
    public static ContextMenu contextMenu(Item item, ActionController actions, BiConsumer<Item, ConsoleType> console,
                                          Runnable details) {
        ContextMenu m = new ContextMenu();
        m.getStyleClass().add("item-menu");
        MenuItem d = new MenuItem("Details", new FontIcon(Feather.INFO));
        d.setOnAction(e -> details.run());
        m.getItems().add(d);
        for (ConsoleType t : item.consoles()) {
            MenuItem c = new MenuItem(consoleLabel(t), new FontIcon(Feather.TERMINAL));
            c.setId("console-" + t.wire());
            c.setOnAction(e -> console.accept(item, t));
            m.getItems().add(c);
        }
        item.facet(dev.wharf.inventory.ExternalDisplay.class).ifPresent(x -> { // SPICE: not drawn here
            MenuItem v = new MenuItem("Open " + x.protocol().toUpperCase(java.util.Locale.ROOT) + " display (external viewer)",
                    new FontIcon(Feather.MONITOR));
            v.setId("external-display");
            v.setOnAction(e -> actions.openExternalDisplay(item));
            m.getItems().add(v);
        });
        m.getItems().add(new SeparatorMenuItem());
        m.getItems().add(copy("copy-name", "Copy name", item.name()));
        m.getItems().add(copy("copy-id", "Copy id", item.id()));
        if (item.uuid() != null) {
            m.getItems().add(copy("copy-uuid", "Copy UUID", item.uuid()));
        }
        var choices = actions.choices(item);
        if (!choices.isEmpty()) {
            m.getItems().add(new SeparatorMenuItem());
        }
        for (ActionChoice c : choices) {
            m.getItems().add(menuItem(c, actions));
        }
        return m;
    }

    /** A menu entry that puts {@code text} on the clipboard. */
    private static MenuItem copy(String id, String label, String text) {
        MenuItem mi = new MenuItem(label, new FontIcon(Feather.COPY));
        mi.setId(id);
        mi.setOnAction(e -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        return mi;
    }

    private static MenuItem menuItem(ActionChoice c, ActionController actions) {
        if (c.enabled()) {
            MenuItem mi = new MenuItem(c.action().label() + (c.action().destructive() ? "…" : ""), new FontIcon(icon(c.action())));
            mi.setId("action-" + c.action().wire());
            if (c.action().destructive()) {
                mi.getStyleClass().add("danger");
            }
            mi.setOnAction(e -> actions.request(c.item(), c.action()));
            return mi;
        }
        // a disabled MenuItem shows no tooltip: draw it disabled, keep it hoverable
        Label l = new Label(c.action().label(), new FontIcon(icon(c.action())));
        l.getStyleClass().add("menu-disabled");
        Tooltip.install(l, tip(c.reason()));
        CustomMenuItem mi = new CustomMenuItem(l, false);
        mi.setId("action-" + c.action().wire());
        mi.getStyleClass().add("disabled-action");
        return mi;
    }

    /** A toolbar/detail button for a choice; disabled buttons sit in a wrapper that shows the reason. */
    public static StackPane button(ActionChoice c, ActionController actions, boolean withText) {
        return button(c, actions, withText ? c.action().label() : null, withText);
    }

    /** A button with its own words where the context names the target ("Restart" beside "Owned by Deployment x"). */
    public static StackPane button(ActionChoice c, ActionController actions, String text) {
        return button(c, actions, text, true);
    }

    private static StackPane button(ActionChoice c, ActionController actions, String text, boolean withText) {
        Button b = new Button(text, new FontIcon(icon(c.action())));
        b.setId("action-" + c.action().wire());
        b.getStyleClass().add("action-button");
        if (c.action().destructive()) {
            // outlined red with a label; a red glyph on a plain button when icon-only
            b.getStyleClass().addAll(withText ? List.of("danger", "button-outlined") : List.of("destructive"));
        }
        b.setDisable(!c.enabled());
        b.setOnAction(e -> actions.request(c.item(), c.action()));
        StackPane wrap = new StackPane(b);
        wrap.getStyleClass().add("action-wrap");
        Tooltip.install(wrap, tip(c.enabled() ? c.action().label() + " " + c.item().name() : c.reason()));
        return wrap;
    }

    static Tooltip tip(String s) {
        Tooltip t = new Tooltip(s);
        t.setWrapText(true);
        t.setMaxWidth(360);
        t.setShowDelay(javafx.util.Duration.millis(250));
        return t;
    }
}
