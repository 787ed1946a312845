package dev.wharf.libvirt;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibvirtUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "qemu:///system",
        "qemu:///session",
        "qemu+ssh://root@h1/system",
        "qemu+ssh://admin@h1.example.com:2222/system?keyfile=/home/me/.ssh/id_ed25519&known_hosts=/home/me/kh",
        "qemu+ssh://root@127.0.0.1:2222/system?keyfile=/k&no_verify=1",
        "qemu+libssh://root@h1/system?sshauth=privkey&known_hosts_verify=ignore",
        "qemu+tls://h1.example.com/system",
        "qemu+tcp://127.0.0.1:16509/system",
        "qemu:///system?socket=/tmp/x/libvirt-sock",
        "qemu:///embed?root=/tmp/emb",
        "test:///default",
        "test:///home/me/hosts.xml",
        "test+tcp://127.0.0.1/default",
        "ch:///system",
        "ch:///session",
        "qemu+ssh://root@[::1]:22/system",
    })
    void acceptsLibvirtUris(String uri) {
        assertThat(LibvirtUris.validate(uri)).isEqualTo(uri);
    }

    @Test
    void normalizes() {
        assertThat(LibvirtUris.validate("  QEMU+SSH://root@h1/system ")).isEqualTo("qemu+ssh://root@h1/system");
        assertThat(LibvirtUris.driver("qemu+ssh://root@h1/system")).isEqualTo("qemu");
        assertThat(LibvirtUris.driver("ch:///system")).isEqualTo("ch");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                        | it is empty",
        "qemu:/system                              | no '://'",
        "/var/run/libvirt/libvirt-sock             | no '://'",
        "kvm:///system                             | unknown driver 'kvm'",
        "qemu+telnet://h1/system                   | unknown transport 'telnet'",
        "qemu+ssh:///system                        | ssh needs a host",
        "qemu+tcp:///system                        | tcp needs a host",
        "qemu:///                                  | the path is missing",
        "qemu://h1                                 | the path is missing",
        "qemu:///sytem                             | unknown path '/sytem'",
        "qemu+ssh://root@h1:99999/system           | out of range",
        "qemu+ssh://root@h1/system?no_verify=yes   | no_verify must be 0 or 1",
        "qemu+ssh://root@h1/system?keyfile=        | keyfile needs a file path",
        "qemu+ssh://root@h1/system?keyfil=/k       | unknown parameter 'keyfil'",
        "qemu+tcp://h1/system?keyfile=/k           | only applies to ssh",
        "qemu:///embed                             | needs a root directory",
        "test://                                   | the path is missing",
        "test:///                                  | /default or an absolute path",
        "qemu+ssh://root@h 1/system                | white space",
        "qemu+ssh://root@h1/sys^tem                | Illegal character",
    })
    void rejectsMalformedUrisWithAClearMessage(String uri, String why) {
        assertThatThrownBy(() -> LibvirtUris.validate(uri))
                .isInstanceOf(WharfException.class)
                .hasMessageContaining("is not a valid libvirt URI")
                .hasMessageContaining(why)
                .hasMessageContaining("e.g. qemu:///system");
    }

    @Test
    void theConnectionRejectsAMalformedUriBeforeConnecting() {
        Inventory inv = new Inventory(Runnable::run);
        assertThatThrownBy(() -> new LibvirtConnection("qemu+ssh:///system", inv, CredentialPrompt.NONE))
                .isInstanceOf(WharfException.class).hasMessageContaining("ssh needs a host");
        assertThat(inv.snapshot().sources()).isEmpty();
    }
}
