package dev.wharf.views.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.views.connect.LibvirtUriForm.Transport;

import org.junit.jupiter.api.Test;

class LibvirtUriFormTest {
    @Test
    void buildsTheUriOfEachTransport() {
        assertThat(LibvirtUriForm.uri("kvm1", "root", Transport.SSH, "", "")).isEqualTo("qemu+ssh://root@kvm1/system");
        assertThat(LibvirtUriForm.uri("kvm1", "", Transport.TLS, "16514", "")).isEqualTo("qemu+tls://kvm1:16514/system");
        assertThat(LibvirtUriForm.uri("kvm1", "admin", Transport.SSH, "2222", "/home/a/.ssh/id_ed25519"))
                .isEqualTo("qemu+ssh://admin@kvm1:2222/system?keyfile=/home/a/.ssh/id_ed25519");
        assertThat(LibvirtUriForm.uri("fd00::5", "", Transport.TCP, "", "")).isEqualTo("qemu+tcp://[fd00::5]/system");
        assertThat(LibvirtUriForm.uri("", "", Transport.LOCAL, "", "")).isEqualTo("qemu:///system");
    }

    @Test
    void saysWhatIsMissingOrWrong() {
        assertThat(LibvirtUriForm.problem("", Transport.SSH, "")).isEqualTo("Enter the host name or address.");
        assertThat(LibvirtUriForm.problem("kvm1", Transport.SSH, "ssh")).isEqualTo("The port must be a number.");
        assertThat(LibvirtUriForm.problem("kvm1", Transport.SSH, "70000")).isEqualTo("The port must be between 1 and 65535.");
        assertThat(LibvirtUriForm.problem("", Transport.LOCAL, "")).isEmpty();
    }
}
