package dev.wharf.libvirt;

import dev.wharf.inventory.CredentialPrompt;
import org.libvirt.ConnectAuth;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialAuthTest {

    @Test
    void asksThePromptAndClearsTheAnswers() throws Exception {
        List<char[]> given = new ArrayList<>();
        List<CredentialPrompt.Question> asked = new ArrayList<>();
        CredentialPrompt prompt = (target, questions) -> {
            assertThat(target).isEqualTo("qemu+tls://h1/system");
            asked.addAll(questions);
            given.add("alice".toCharArray());
            given.add("s3cret".toCharArray());
            return Optional.of(List.copyOf(given));
        };
        ConnectAuth.Credential[] creds = {
            credential(ConnectAuth.CredentialType.VIR_CRED_AUTHNAME, "Username", "root"),
            credential(ConnectAuth.CredentialType.VIR_CRED_PASSPHRASE, "Password", null),
        };
        assertThat(new CredentialAuth("qemu+tls://h1/system", prompt).callback(creds)).isZero();
        assertThat(asked).extracting(CredentialPrompt.Question::kind)
                .containsExactly(CredentialPrompt.Question.Kind.AUTHNAME, CredentialPrompt.Question.Kind.PASSWORD);
        assertThat(asked.get(1).kind().secret()).isTrue();
        assertThat(asked.get(0).defaultValue()).isEqualTo("root");
        assertThat(creds[0].result).isEqualTo("alice");
        assertThat(creds[1].result).isEqualTo("s3cret");
        assertThat(given).allSatisfy(a -> assertThat(new String(a)).matches("\0+"));
    }

    @Test
    void aCancelledPromptFailsTheAuthentication() throws Exception {
        ConnectAuth.Credential[] creds = {credential(ConnectAuth.CredentialType.VIR_CRED_PASSPHRASE, "Password", null)};
        assertThat(new CredentialAuth("u", CredentialPrompt.NONE).callback(creds)).isEqualTo(-1);
        assertThat(creds[0].result).isNull();
    }

    private static ConnectAuth.Credential credential(ConnectAuth.CredentialType t, String prompt, String def)
            throws Exception {
        Constructor<ConnectAuth.Credential> c = ConnectAuth.Credential.class
                .getDeclaredConstructor(int.class, String.class, String.class, String.class);
        c.setAccessible(true);
        return c.newInstance(t.mapToInt(), prompt, null, def);
    }
}
