package dev.wharf.views.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.views.connect.LibvirtUriForm.Transport;
import dev.wharf.views.model.TaskRunner;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The connections dialog as a new user meets it: no errors before typing, the form follows a typed URI. */
@ExtendWith(ApplicationExtension.class)
class ConnectionsDialogTest {
    private ConnectionsDialog dialog;

    private static final class FakeSupport implements ConnectionSupport {
        @Override
        public List<String> contexts(Optional<Path> kubeconfig) {
            return List.of("lab");
        }

        @Override
        public Optional<String> validateLibvirtUri(String uri) {
            return uri.contains("://") ? Optional.empty() : Optional.of("Not a libvirt URI.");
        }

        @Override
        public CompletableFuture<String> test(ConnectionEntry entry) {
            return CompletableFuture.failedFuture(new dev.wharf.inventory.WharfException("Cannot connect to h1."));
        }
    }

    @Start
    void start(Stage stage) {
        dialog = new ConnectionsDialog(List.of(), new FakeSupport(), TaskRunner.synchronous());
        dialog.show();
    }

    private Label problem(FxRobot robot) {
        return robot.lookup("#libvirt-uri-problem").queryAs(Label.class);
    }

    @Test
    void theLibvirtFormShowsNoErrorBeforeAnythingWasTypedAndItsLabelsAreWhole(FxRobot robot) {
        robot.clickOn("libvirt host");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot).isVisible()).as("an error on an empty form").isFalse();
        assertThat(robot.lookup("#libvirt-test").queryButton().isDisabled()).isTrue();
        Label port = robot.lookup(".label").queryAllAs(Label.class).stream()
                .filter(l -> "Port".equals(l.getText())).findFirst().orElseThrow();
        Node shown = port.lookup(".text");
        assertThat(((Text) shown).getText()).as("the Port label").isEqualTo("Port");

        TextField host = robot.lookup("#libvirt-host").queryAs(TextField.class);
        robot.interact(() -> host.setText("kvm1"));
        robot.interact(() -> host.setText(""));
        assertThat(problem(robot).isVisible()).as("once typed and emptied, it says what is missing").isTrue();
    }

    @Test
    void aTypedUriSetsTheTransportAndAnOldTestResultGoesWhenTyping(FxRobot robot) {
        robot.clickOn("libvirt host");
        TextField uri = robot.lookup("#libvirt-uri").queryAs(TextField.class);
        robot.interact(() -> uri.setText("qemu+tcp://h1/system"));
        @SuppressWarnings("unchecked")
        ChoiceBox<Transport> transport = robot.lookup("#libvirt-transport").queryAs(ChoiceBox.class);
        assertThat(transport.getValue()).isEqualTo(Transport.TCP);
        robot.interact(() -> uri.setText("qemu:///system"));
        assertThat(transport.getValue()).isEqualTo(Transport.LOCAL);

        robot.clickOn("#libvirt-test");
        WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#libvirt-status").queryAs(Label.class);
        assertThat(status.getText()).contains("Cannot connect to h1");
        robot.interact(() -> uri.setText("qemu:///system?x"));
        assertThat(status.getText()).as("the old error after typing").isEmpty();
    }

    @Test
    void aSavedConnectionIsMarkedReadOnlyWithItsCheckBox(FxRobot robot) {
        ConnectionsDialog[] d = new ConnectionsDialog[1];
        robot.interact(() -> {
            dialog.close();
            d[0] = new ConnectionsDialog(List.of(ConnectionEntry.kubernetes(null, "prod"), ConnectionEntry.libvirt("qemu:///system")),
                    new FakeSupport(), TaskRunner.synchronous());
            d[0].show();
        });
        javafx.scene.control.CheckBox box = robot.lookup("#connection-read-only").queryAs(javafx.scene.control.CheckBox.class);
        assertThat(box.isDisabled()).as("nothing chosen in the list").isTrue();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<ConnectionEntry> list = robot.lookup("#saved-connections").queryAs(javafx.scene.control.ListView.class);
        robot.interact(() -> list.getSelectionModel().select(0));
        assertThat(box.isSelected()).isFalse();
        robot.clickOn(box);
        assertThat(list.getItems().get(0)).isEqualTo(ConnectionEntry.kubernetes(null, "prod").withReadOnly(true));
        assertThat(list.getItems().get(1).readOnly()).isFalse();
        robot.interact(() -> list.getSelectionModel().select(1));
        assertThat(box.isSelected()).isFalse();
        robot.interact(() -> list.getSelectionModel().select(0));
        assertThat(box.isSelected()).as("follows the entry chosen").isTrue();
        robot.clickOn(robot.lookup(".button").queryAllAs(javafx.scene.control.Button.class).stream()
                .filter(b -> "Save".equals(b.getText())).findFirst().orElseThrow());
        assertThat(d[0].getResult()).extracting(ConnectionEntry::readOnly).containsExactly(true, false);
    }
}
