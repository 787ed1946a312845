package dev.wharf.views.portforward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.inventory.Source;
import dev.wharf.views.console.ConsoleTabs;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.DeltaCoalescer;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.shell.MainWindow;
import dev.wharf.views.theme.ThemeController;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In the main window: a forward started from the details pane appears in the Port-forwards list, which follows it. */
@ExtendWith(ApplicationExtension.class)
class PortForwardsViewTest {
    private final Inventory inventory = new Inventory(Runnable::run);
    private final InventoryViewModel vm = new InventoryViewModel();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final FakeForward forward = new FakeForward();
    private MainWindow window;

    /** A forward the test drives: counters and status set by hand. */
    static final class FakeForward implements Forward {
        volatile int local;
        volatile int remote;
        volatile String address;
        volatile long in;
        volatile long out;
        volatile Status status = Status.active();
        volatile boolean stopped;
        final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();

        @Override public String target() { return "pod shop/web-1"; }
        @Override public String itemId() { return Items.WEB.id(); }
        @Override public String bindAddress() { return address; }
        @Override public int localPort() { return local; }
        @Override public int remotePort() { return remote; }
        @Override public Status status() { return status; }
        @Override public long bytesOut() { return out; }
        @Override public long bytesIn() { return in; }
        @Override public int openConnections() { return 2; }
        @Override public long totalConnections() { return 5; }

        @Override
        public void onStatus(Consumer<Status> l) {
            listeners.add(l);
            l.accept(status);
        }

        @Override
        public void stop() {
            stopped = true;
        }

        void set(Status s) {
            status = s;
            listeners.forEach(l -> l.accept(s));
        }
    }

    private final class FakeSource implements Source, PortForwarder {
        @Override public String id() { return Items.K8S; }
        @Override public void start() { }
        @Override public void close() { }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
        }

        @Override
        public boolean canForward(Item item) {
            return item.namespace() != null;
        }

        @Override
        public List<Port> ports(Item item) {
            return List.of(new Port(18081, "http", "TCP", "web"), new Port(19090, "metrics", "TCP", "web"));
        }

        @Override
        public CompletableFuture<Forward> forward(Item item, int remotePort, String bindAddress, int localPort) {
            calls.add(item.name() + " " + remotePort + " " + bindAddress + " " + localPort);
            forward.remote = remotePort;
            forward.local = localPort == 0 ? 40123 : localPort;
            forward.address = bindAddress;
            return CompletableFuture.completedFuture(forward);
        }
    }

    @Start
    void start(Stage stage) {
        ThemeController theme = new ThemeController(false);
        TaskRunner runner = TaskRunner.of(TaskRunner.daemonPool(), Platform::runLater);
        window = new MainWindow(new MainWindow.Deps(vm, Backend.of(List.of(new FakeSource())), runner,
                Runnable::run, Runnable::run, theme, null, () -> { }, null,
                opener -> new ConsoleTabs(opener, Platform::runLater)));
        window.portForwards().setBrowser(opened::add);
        inventory.subscribe(new DeltaCoalescer(Platform::runLater, vm::apply));
        inventory.putSource(Items.K8S_INFO);
        inventory.putSource(Items.LV_INFO);
        inventory.putAll(Items.ALL);
        Scene scene = new Scene(window, 1300, 800);
        theme.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    private void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Button dialogButton(FxRobot robot, String text) {
        return robot.lookup("#port-forward-dialog .button").queryAllAs(Button.class).stream()
                .filter(b -> text.equals(b.getText())).findFirst().orElseThrow();
    }

    @Test
    void aForwardStartedFromTheDetailsIsListedWithItsStatusBytesAndActions(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.WEB.id()));
        waitFor(() -> robot.lookup("#details-port-forward").tryQuery().isPresent());
        robot.clickOn("#details-port-forward");
        waitFor(() -> robot.lookup("#port-forward-dialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<String> remote = robot.lookup("#port-forward-remote").queryAs(ComboBox.class);
        assertThat(remote.getItems()).containsExactly("18081  http \u00b7 web", "19090  metrics \u00b7 web");
        assertThat(robot.lookup("#port-forward-address").queryAs(TextField.class).getText()).isEqualTo("127.0.0.1");
        // the first declared port is suggested, and the same local port (free on this machine)
        waitFor(() -> "18081".equals(robot.lookup("#port-forward-local").queryAs(TextField.class).getText()));

        robot.clickOn(dialogButton(robot, "Forward"));

        waitFor(() -> !calls.isEmpty());
        assertThat(calls).containsExactly("web-1 18081 127.0.0.1 18081");
        waitFor(() -> robot.lookup("#port-forwards-table").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<PortForwardRow> table = robot.lookup("#port-forwards-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 1);
        PortForwardRow row = table.getItems().get(0);
        assertThat(row.target()).isEqualTo("pod shop/web-1");
        assertThat(row.ports()).isEqualTo("127.0.0.1:18081 \u2192 18081");
        waitFor(() -> cellTexts(robot).contains("active"));

        forward.in = 1536;
        forward.out = 3 * 1024 * 1024;
        robot.interact(() -> forward.set(new Forward.Status(Forward.State.RECONNECTING,
                "A stream to pod shop/web-1 broke (1006). Reconnecting\u2026")));
        waitFor(() -> cellTexts(robot).contains("reconnecting\u2026"));
        waitFor(() -> cellTexts(robot).contains("1.5 KiB") && cellTexts(robot).contains("3.0 MiB"));
        assertThat(cellTexts(robot)).contains("2 open \u00b7 5 total");

        robot.clickOn(".forward-open");
        assertThat(opened).containsExactly("http://127.0.0.1:18081/");

        assertThat(robot.lookup(".forward-stop").queryButton().getText()).isEqualTo("Stop");
        robot.interact(() -> forward.set(new Forward.Status(Forward.State.TARGET_GONE,
                "pod shop/web-1 is gone: it was deleted. Forward to its replacement.")));
        waitFor(() -> cellTexts(robot).contains("pod gone"));
        javafx.scene.control.TableCell<?, ?> status = robot.lookup(".forward-status").queryAllAs(
                javafx.scene.control.TableCell.class).stream().filter(c -> "pod gone".equals(c.getText()))
                .findFirst().orElseThrow();
        assertThat(status.getTooltip().getText()).isEqualTo("pod shop/web-1 is gone: it was deleted. Forward to its replacement.");
        waitFor(() -> "Remove".equals(robot.lookup(".forward-stop").queryButton().getText()));

        robot.clickOn(".forward-stop");
        waitFor(() -> table.getItems().isEmpty());
        waitFor(() -> forward.stopped);
    }

    @Test
    void aPortThatIsNotANumberIsSaidAndNothingIsLost(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.select(Items.WEB.id()));
        robot.interact(() -> window.portForwards().open(vm.selected()));
        waitFor(() -> robot.lookup("#port-forward-dialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<String> remote = robot.lookup("#port-forward-remote").queryAs(ComboBox.class);
        robot.interact(() -> {
            remote.getEditor().setText("http");
            robot.lookup("#port-forward-local").queryAs(TextField.class).setText("99999");
        });
        robot.clickOn(dialogButton(robot, "Forward"));
        Label error = robot.lookup("#port-forward-error").queryAs(Label.class);
        waitFor(error::isVisible);
        assertThat(error.getText()).isEqualTo("Type the port in the pod or VM (1 to 65535), or pick a declared one.");
        assertThat(remote.getEditor().getText()).as("what was typed stays").isEqualTo("http");
        assertThat(calls).isEmpty();
        robot.interact(() -> remote.getEditor().setText("19090"));
        robot.interact(() -> robot.lookup("#port-forward-local").queryAs(TextField.class).setText("99999"));
        robot.clickOn(dialogButton(robot, "Forward"));
        waitFor(() -> error.getText().startsWith("The local port"));
        assertThat(error.getText()).isEqualTo("The local port must be from 1 to 65535, not 99999.");
        robot.interact(() -> robot.lookup("#port-forward-local").queryAs(TextField.class).setText(""));
        robot.clickOn(dialogButton(robot, "Forward"));
        waitFor(() -> !calls.isEmpty());
        assertThat(calls).containsExactly("web-1 19090 127.0.0.1 0");
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup("#port-forwards-table .table-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Labeled)
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).filter(t -> t != null).toList();
    }
}
