package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.dsl.internal.ExecWebSocketListener;

import java.nio.charset.StandardCharsets;

/**
 * The framing of Kubernetes' {@code v4/v5.channel.k8s.io} streams: one channel byte, then the
 * payload. 0 stdin, 1 stdout, 2 stderr, 3 error (a Status), 4 resize, 255 close (v5).
 */
final class ChannelFrames {
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private ChannelFrames() {
    }

    static byte[] frame(int channel, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = (byte) channel;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    static byte[] stdin(byte[] data) {
        return frame(STDIN, data);
    }

    static byte[] resize(int columns, int rows) {
        return frame(RESIZE, ("{\"Width\":" + columns + ",\"Height\":" + rows + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /** v5: closes the stdin stream (the far end sees EOF). */
    static byte[] closeStdin() {
        return new byte[] {(byte) CLOSE, (byte) STDIN};
    }

    /**
     * What the error channel's Status means for the user: exit 0 or N, or why the command
     * could not run.
     *
     * @param what "the shell" or "the container's process"
     */
    static ConsoleEnd endOf(Status status, String what) {
        if ("Success".equals(status.getStatus())) {
            return new ConsoleEnd(ConsoleEnd.Reason.EXITED, what + " exited (status 0).", 0);
        }
        int code = ExecWebSocketListener.parseExitCode(status);
        if (code >= 0) {
            return new ConsoleEnd(ConsoleEnd.Reason.EXITED, what + " exited with status " + code + ".", code);
        }
        String message = status.getMessage() == null ? String.valueOf(status.getReason()) : status.getMessage();
        return new ConsoleEnd(ConsoleEnd.Reason.EXITED, what + " could not run: " + message, null);
    }
}
