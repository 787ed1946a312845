package dev.wharf.views.portforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForwardRequestTest {
    @Test
    void readsASuggestionAnEmptyLocalPortAndTheDefaultAddress() {
        assertThat(ForwardRequest.parse("8080  http \u00b7 web", "", "")).isEqualTo(new ForwardRequest(8080, 0, "127.0.0.1"));
        assertThat(ForwardRequest.parse(" 22 ", "2222", "localhost")).isEqualTo(new ForwardRequest(22, 2222, "127.0.0.1"));
        assertThat(ForwardRequest.parse("80", "8000", "0.0.0.0")).isEqualTo(new ForwardRequest(80, 8000, "0.0.0.0"));
    }

    @Test
    void saysWhatToTypeForBadPorts() {
        assertThatThrownBy(() -> ForwardRequest.parse("", "1", "")).hasMessageContaining("Type the port in the pod or VM");
        assertThatThrownBy(() -> ForwardRequest.parse("70000", "", "")).hasMessage("The remote port must be from 1 to 65535, not 70000.");
        assertThatThrownBy(() -> ForwardRequest.parse("80", "x", "")).hasMessageContaining("The local port must be a number");
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertThat(PortForwardRow.bytes(0)).isEqualTo("0 B");
        assertThat(PortForwardRow.bytes(1023)).isEqualTo("1023 B");
        assertThat(PortForwardRow.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(PortForwardRow.bytes(50L * 1024 * 1024)).isEqualTo("50 MiB");
    }
}
