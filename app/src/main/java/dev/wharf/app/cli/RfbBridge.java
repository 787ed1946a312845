package dev.wharf.app.cli;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsolePassword;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.rfb.PushInputStream;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbException;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/** Joins a VNC console stream (callbacks) to the RFB client (streams). */
final class RfbBridge {

    private RfbBridge() {
    }

    /** Starts {@code stream} and runs the RFB handshake over it; the password, if asked, from the stream's source. */
    static RfbClient connect(ConsoleStream stream, RfbListener listener) throws RfbException {
        return connect(stream, listener, end -> { });
    }

    /** As above; {@code ended} learns how the stream ended (after {@code close}, once queued input went out). */
    static RfbClient connect(ConsoleStream stream, RfbListener listener, Consumer<ConsoleEnd> ended) throws RfbException {
        PushInputStream in = new PushInputStream();
        stream.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                in.push(data);
            }

            @Override
            public void onEnd(ConsoleEnd end) {
                in.end(end.reason() == ConsoleEnd.Reason.CLOSED ? null : new IOException(end.message()));
                ended.accept(end);
            }
        });
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void close() {
                stream.close();
            }
        };
        RfbOptions options = RfbOptions.defaults();
        if (stream instanceof ConsolePassword p) {
            options = options.withPassword(() -> p.vncPassword().orElse(null));
        }
        return RfbClient.connect(in, out, options, listener);
    }
}
