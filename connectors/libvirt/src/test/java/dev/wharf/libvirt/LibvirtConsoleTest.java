package dev.wharf.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LibvirtConsoleTest {

    @Test
    void aBusyConsoleSaysWhoHoldsItAndHowToTakeOver() {
        String m = LibvirtConsole.openFailure("db", "Operation not supported: Active console session exists for this domain");
        assertThat(m).startsWith("Another client holds the serial console of db").contains("force")
                .contains("Take it over").contains("Active console session exists");
    }

    @Test
    void otherFailuresKeepLibvirtsMessage() {
        assertThat(LibvirtConsole.openFailure("db", "internal error: character device console0 is not using a PTY"))
                .isEqualTo("Cannot open the serial console of db: internal error: character device console0 is not using a PTY");
    }

    @Test
    void reconnectBacksOffUpToThirtySeconds() {
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = LibvirtConnection.backoffSeconds(i);
        }
        assertThat(delays).containsExactly(1, 2, 4, 8, 16, 30, 30, 30);
    }
}
