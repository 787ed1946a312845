package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.techsenger.jeditermfx.core.util.TermSize;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The byte stream ↔ JediTerm adapter, without a toolkit. */
class StreamTtyConnectorTest {

    private static String readAvailable(StreamTtyConnector tty) throws Exception {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[7]; // small reads on purpose
        do {
            int n = tty.read(buf, 0, buf.length);
            sb.append(buf, 0, n);
        } while (tty.ready());
        return sb.toString();
    }

    @Test
    void decodesUtf8SplitAnywhere() throws Exception {
        StreamTtyConnector tty = new StreamTtyConnector();
        byte[] all = "añ€😀\u001b[31m✓".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i++) {
            tty.feed(new byte[] {all[i]});
        }
        assertThat(readAvailable(tty)).isEqualTo("añ€😀\u001b[31m✓");
        tty.feed(new byte[] {(byte) 0xff, 'x'});
        assertThat(readAvailable(tty)).isEqualTo("\uFFFDx");
    }

    @Test
    void skipsWhatDoesNotFitAndSaysWhereInsteadOfGrowingWithoutBound() throws Exception {
        StreamTtyConnector tty = new StreamTtyConnector(100);
        tty.feed("a".repeat(60).getBytes(StandardCharsets.US_ASCII));
        tty.feed("b".repeat(60).getBytes(StandardCharsets.US_ASCII)); // does not fit: skipped
        tty.feed("b".repeat(5).getBytes(StandardCharsets.US_ASCII)); // fits again: kept, after the notice
        tty.feed("c".repeat(10).getBytes(StandardCharsets.US_ASCII));
        String text = readAvailable(tty);
        assertThat(text).startsWith("a".repeat(60) + "\r\n\u001b[0m[60 bytes of output skipped");
        assertThat(text).endsWith("b".repeat(5) + "c".repeat(10));
        // once read, there is room again
        tty.feed("d".repeat(90).getBytes(StandardCharsets.US_ASCII));
        assertThat(readAvailable(tty)).isEqualTo("d".repeat(90));
    }

    @Test
    void inputResizeAndClose() throws Exception {
        StreamTtyConnector tty = new StreamTtyConnector();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        List<String> sizes = new ArrayList<>();
        tty.onInput(input::writeBytes);
        tty.onResize((c, r) -> sizes.add(c + "x" + r));
        tty.write("é\r");
        tty.write(new byte[] {3});
        tty.resize(new TermSize(132, 43));
        assertThat(input.toByteArray()).containsExactly(0xc3, 0xa9, '\r', 3);
        assertThat(sizes).containsExactly("132x43");

        tty.close();
        assertThat(tty.isConnected()).isFalse();
        assertThat(tty.read(new char[8], 0, 8)).isEqualTo(-1);
        tty.write("after close");
        assertThat(input.size()).isEqualTo(4);
    }
}
