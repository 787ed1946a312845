package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.CredentialPrompt.Question;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminalPromptTest {
    /** Answers from a script; records which questions were asked without echo. */
    private static final class Script implements TerminalPrompt.LineReader {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> echoed = new ArrayList<>();
        final List<String> hidden = new ArrayList<>();
        final List<String> said = new ArrayList<>();

        Script(String... a) {
            answers.addAll(List.of(a));
        }

        @Override
        public String readLine(String prompt) {
            echoed.add(prompt);
            return answers.poll();
        }

        @Override
        public char[] readPassword(String prompt) {
            hidden.add(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }

        @Override
        public void say(String line) {
            said.add(line);
        }
    }

    @Test
    void secretsAreReadWithoutEchoAndDefaultsApply() {
        Script s = new Script("", "s3cret");
        Optional<List<char[]>> a = new TerminalPrompt(s).ask("qemu+tcp://h1/system", List.of(
                new Question(Question.Kind.AUTHNAME, "Username", "root"),
                new Question(Question.Kind.PASSWORD, "Password", null)));
        assertThat(a).isPresent();
        assertThat(new String(a.get().get(0))).isEqualTo("root");
        assertThat(new String(a.get().get(1))).isEqualTo("s3cret");
        assertThat(s.echoed).containsExactly("Username [root]: ");
        assertThat(s.hidden).containsExactly("Password: ");
        assertThat(s.said).containsExactly("Credentials for qemu+tcp://h1/system:");
    }

    @Test
    void endOfInputCancels() {
        Script s = new Script();
        assertThat(new TerminalPrompt(s).ask("h1", List.of(new Question(Question.Kind.PASSPHRASE, "Key passphrase", null))))
                .isEmpty();
    }

    @Test
    void noConsoleMeansNoPrompt() {
        assertThat(TerminalPrompt.forConsole(null)).isSameAs(CredentialPrompt.NONE);
    }
}
