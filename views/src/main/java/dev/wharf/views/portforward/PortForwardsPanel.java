package dev.wharf.views.portforward;

import dev.wharf.inventory.Item;
import dev.wharf.views.actions.CommandPalette;
import dev.wharf.views.actions.Notifier;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Window;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * What the main window wires for port-forwards: the list (a tab in the bottom pane), the dialog,
 * and the entries that start a forward from the details pane, the context menu and the palette.
 */
public final class PortForwardsPanel {
    public static final String TAB_TITLE = "Port-forwards";

    private final PortForwards forwards;
    private final PortForwardDialog dialog;
    private final Notifier notifier;
    private Consumer<String> browser;
    private PortForwardsView view;
    private Tab tab;
    private Consumer<Runnable> showList = Runnable::run;

    public PortForwardsPanel(Backend backend, TaskRunner runner, Notifier notifier, Supplier<Window> owner) {
        this.forwards = new PortForwards(backend, runner, notifier);
        this.dialog = new PortForwardDialog(forwards, runner, owner);
        this.notifier = notifier;
        this.browser = url -> notifier.notify(Notifier.Level.INFO, "Open in browser", "Open " + url + " in your browser.");
        forwards.setOnStarted(r -> showList.accept(null));
    }

    public PortForwards forwards() {
        return forwards;
    }

    /** How URLs are opened (the application's HostServices). */
    public void setBrowser(Consumer<String> b) {
        browser = b;
    }

    /**
     * @param pane     the bottom pane's tabs, or null when the window has none
     * @param showPane makes the bottom pane visible, then runs what it is given
     */
    public void attach(TabPane pane, Consumer<Runnable> showPane) {
        showList = ignored -> {
            if (pane == null) {
                notifier.notify(Notifier.Level.INFO, TAB_TITLE, forwards.rows().size() + " running.");
                return;
            }
            showPane.accept(() -> {
                if (tab == null) {
                    view = new PortForwardsView(forwards, url -> browser.accept(url));
                    tab = new Tab(TAB_TITLE, view);
                    tab.setId("port-forwards-tab");
                    tab.setGraphic(new FontIcon(Feather.SHUFFLE));
                }
                if (!pane.getTabs().contains(tab)) {
                    pane.getTabs().add(tab); // closing the tab hides the list; the forwards keep running
                }
                pane.getSelectionModel().select(tab);
            });
        };
    }

    /** Shows the list. */
    public void show() {
        showList.accept(null);
    }

    /** Opens the dialog for {@code item} when its ports can be forwarded. */
    public void open(Item item) {
        if (!forwards.canForward(item)) {
            notifier.notify(Notifier.Level.INFO, item.name(), forwards.forwarder(item)
                    .filter(f -> f.canForward(item)).isPresent() ? "Its connection is read-only: no port is "
                    + "forwarded (reconnect it without read-only to forward one)." : "Ports can be forwarded to pods "
                    + "and VMs of Kubernetes contexts only.");
            return;
        }
        dialog.open(item);
    }

    /** The details pane's button, when the item's ports can be forwarded. */
    public List<Node> detailsButtons(Item item) {
        if (!forwards.canForward(item)) {
            return List.of();
        }
        Button b = new Button("Port-forward\u2026", new FontIcon(Feather.SHUFFLE));
        b.setId("details-port-forward");
        b.setOnAction(e -> open(item));
        return List.of(b);
    }

    /** The context menu's entry, when the item's ports can be forwarded. */
    public Optional<MenuItem> menuItem(Item item) {
        if (!forwards.canForward(item)) {
            return Optional.empty();
        }
        MenuItem m = new MenuItem("Port-forward\u2026", new FontIcon(Feather.SHUFFLE));
        m.setId("port-forward");
        m.setOnAction(e -> open(item));
        return Optional.of(m);
    }

    /** The palette's commands: forward a port of the selection, show the list. */
    public List<CommandPalette.Command> commands(InventoryViewModel vm) {
        return List.of(
                new CommandPalette.Command("Port-forward the selection\u2026", "port forward tunnel local pod vm http",
                        Feather.SHUFFLE, () -> Optional.ofNullable(vm.selected()).ifPresentOrElse(this::open,
                                () -> notifier.notify(Notifier.Level.INFO, "Port-forward", "Select a pod or VM first."))),
                new CommandPalette.Command("Show port-forwards", "port forwards list tunnels running",
                        Feather.SHUFFLE, this::show));
    }

    /** Stops every forward (the window closes). */
    public void stopAll() {
        forwards.stopAll();
    }
}
