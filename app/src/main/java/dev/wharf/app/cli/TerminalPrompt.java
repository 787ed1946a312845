package dev.wharf.app.cli;

import dev.wharf.inventory.CredentialPrompt;
import java.io.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks for credentials on the terminal: secrets without echo ({@link Console#readPassword}),
 * the rest with it. Without a terminal (a script, a pipe) there is nobody to ask:
 * {@link #forConsole} then gives {@link CredentialPrompt#NONE}. Answers are handed to the
 * connector and never kept.
 */
public final class TerminalPrompt implements CredentialPrompt {

    /** The two ways of reading an answer; {@link Console} in real use. Null means end of input. */
    public interface LineReader {
        String readLine(String prompt);

        char[] readPassword(String prompt);

        void say(String line);
    }

    private final LineReader reader;

    public TerminalPrompt(LineReader reader) {
        this.reader = reader;
    }

    /** A prompt on {@code console}, or {@link CredentialPrompt#NONE} when there is no console. */
    public static CredentialPrompt forConsole(Console console) {
        if (console == null) {
            return CredentialPrompt.NONE;
        }
        return new TerminalPrompt(new LineReader() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public void say(String line) {
                console.printf("%s%n", line);
                console.flush();
            }
        });
    }

    @Override
    public Optional<List<char[]>> ask(String target, List<Question> questions) {
        reader.say("Credentials for " + target + ":");
        List<char[]> answers = new ArrayList<>();
        for (Question q : questions) {
            String def = q.defaultValue() == null || q.defaultValue().isEmpty() ? null : q.defaultValue();
            String prompt = q.prompt() + (def != null && !q.kind().secret() ? " [" + def + "]" : "") + ": ";
            char[] answer;
            if (q.kind().secret()) {
                answer = reader.readPassword(prompt);
            } else {
                String line = reader.readLine(prompt);
                answer = line == null ? null : (line.isEmpty() && def != null ? def : line).toCharArray();
            }
            if (answer == null) {
                return Optional.empty();
            }
            answers.add(answer);
        }
        return Optional.of(answers);
    }
}
