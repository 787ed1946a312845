package dev.wharf.inventory;

import java.util.List;
import java.util.Optional;

/**
 * Asks the user for credentials a source needs (a libvirt daemon's SASL password, an SSH key
 * passphrase). The CLI answers on the terminal, the desktop with a dialog. Answers are used
 * for the connection at hand and never stored.
 */
@FunctionalInterface
public interface CredentialPrompt {

    /** One question. */
    record Question(Kind kind, String prompt, String defaultValue) {
        public enum Kind {
            USERNAME, PASSWORD, PASSPHRASE, AUTHNAME, REALM, OTHER, ECHO_PROMPT, NO_ECHO_PROMPT;

            /** Whether the answer must not be echoed. */
            public boolean secret() {
                return this == PASSWORD || this == PASSPHRASE || this == NO_ECHO_PROMPT;
            }
        }
    }

    /**
     * Asks all questions at once for {@code target} (e.g. a libvirt URI).
     *
     * @return the answers in order, or empty if the user cancelled
     */
    Optional<List<char[]>> ask(String target, List<Question> questions);

    /** A prompt that answers nothing: for scripts without a terminal. */
    CredentialPrompt NONE = (target, questions) -> Optional.empty();
}
