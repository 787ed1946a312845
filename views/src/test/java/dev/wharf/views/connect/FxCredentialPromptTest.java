package dev.wharf.views.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.CredentialPrompt.Question;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class FxCredentialPromptTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new StackPane(), 400, 300));
        s.show();
    }

    @Test
    void aWorkerThreadGetsTheAnswersTypedInTheDialog(FxRobot robot) throws Exception {
        FxCredentialPrompt prompt = new FxCredentialPrompt(() -> stage);
        CompletableFuture<Optional<List<char[]>>> answer = CompletableFuture.supplyAsync(() -> prompt.ask(
                "qemu+tcp://kvm1/system", List.of(new Question(Question.Kind.AUTHNAME, "User name", "admin"),
                        new Question(Question.Kind.PASSWORD, "Password", null))));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#credential-1").tryQuery().isPresent());
        TextField user = robot.lookup("#credential-0").queryAs(TextField.class);
        assertThat(user.getText()).isEqualTo("admin");
        assertThat((Object) robot.lookup("#credential-1").query()).isInstanceOf(PasswordField.class);
        robot.interact(() -> robot.lookup("#credential-1").queryAs(PasswordField.class).setText("s3cret"));
        assertThat(answer.isDone()).isFalse();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.clickOn((Button) pane.lookupButton(ButtonType.OK));
        List<char[]> got = answer.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(new String(got.get(0))).isEqualTo("admin");
        assertThat(new String(got.get(1))).isEqualTo("s3cret");
    }

    @Test
    void cancellingAnswersNothing(FxRobot robot) throws Exception {
        FxCredentialPrompt prompt = new FxCredentialPrompt(() -> stage);
        CompletableFuture<Optional<List<char[]>>> answer = CompletableFuture.supplyAsync(() -> prompt.ask(
                "qemu+tcp://kvm1/system", List.of(new Question(Question.Kind.PASSWORD, "Password", null))));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#credential-0").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.clickOn((Button) pane.lookupButton(ButtonType.CANCEL));
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void refusesToBlockTheJavaFxThread(FxRobot robot) {
        FxCredentialPrompt prompt = new FxCredentialPrompt(() -> stage);
        assertThatThrownBy(() -> robot.interact(() -> prompt.ask("x", List.of())))
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }
}
