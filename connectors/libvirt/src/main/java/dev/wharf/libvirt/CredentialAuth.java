package dev.wharf.libvirt;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.CredentialPrompt.Question;
import org.libvirt.ConnectAuth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * libvirt's authentication callback answered by a {@link CredentialPrompt} (a terminal prompt in the
 * CLI, a dialog on the desktop). Runs on the connection's worker thread while it connects. Answers
 * are handed to libvirt and the {@code char[]}s cleared at once; nothing is stored. (The binding
 * passes the answer on as a {@code String}, which Wharf cannot clear; it is dropped right after.)
 */
final class CredentialAuth extends ConnectAuth {
    private final String target;
    private final CredentialPrompt prompt;

    CredentialAuth(String target, CredentialPrompt prompt) {
        this.target = target;
        this.prompt = prompt;
        credType = new CredentialType[] {
            CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_USERNAME, CredentialType.VIR_CRED_PASSPHRASE,
            CredentialType.VIR_CRED_ECHOPROMPT, CredentialType.VIR_CRED_NOECHOPROMPT, CredentialType.VIR_CRED_REALM,
        };
    }

    @Override
    public int callback(Credential[] cred) {
        List<Question> questions = new ArrayList<>();
        for (Credential c : cred) {
            questions.add(question(c));
        }
        Optional<List<char[]>> answers = prompt.ask(target, questions);
        if (answers.isEmpty() || answers.get().size() != cred.length) {
            answers.ifPresent(a -> a.forEach(x -> Arrays.fill(x, '\0')));
            return -1;
        }
        try {
            for (int i = 0; i < cred.length; i++) {
                cred[i].result = new String(answers.get().get(i));
            }
            return 0;
        } finally {
            answers.get().forEach(a -> Arrays.fill(a, '\0'));
        }
    }

    static Question question(Credential c) {
        Question.Kind kind = switch (c.type) {
            case VIR_CRED_USERNAME -> Question.Kind.USERNAME;
            case VIR_CRED_AUTHNAME -> Question.Kind.AUTHNAME;
            case VIR_CRED_PASSPHRASE -> Question.Kind.PASSWORD;
            case VIR_CRED_ECHOPROMPT -> Question.Kind.ECHO_PROMPT;
            case VIR_CRED_NOECHOPROMPT -> Question.Kind.NO_ECHO_PROMPT;
            case VIR_CRED_REALM -> Question.Kind.REALM;
            default -> Question.Kind.OTHER;
        };
        String text = c.prompt == null || c.prompt.isBlank() ? kind.name().toLowerCase() : c.prompt;
        if (c.challenge != null && !c.challenge.isBlank()) {
            text = text + " (" + c.challenge + ")";
        }
        return new Question(kind, text, c.defresult);
    }
}
