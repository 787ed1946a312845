package dev.wharf.lab;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code pods/exec} stream with Kubernetes' channel framing (v4/v5.channel.k8s.io): each
 * binary message starts with a channel byte, 0 stdin, 1 stdout, 2 stderr, 3 the final Status
 * (with the exit code), 4 resize, 255 close (v5). A shell command without arguments gets an
 * interactive {@link SimulatedShell}; any other command runs once and exits.
 */
final class ExecSession extends WebSocketListener implements LineDiscipline.Sink {

    private static final List<String> SHELLS = List.of("sh", "bash", "ash", "zsh", "/bin/sh", "/bin/bash",
            "/bin/ash", "/usr/bin/bash", "/bin/zsh");

    private final SimulatedShell shell;
    private final List<String> command;
    private final boolean tty;
    private final Clock clock;
    private final LineDiscipline discipline = new LineDiscipline(this);
    private WebSocket socket;
    private boolean done;

    ExecSession(SimulatedShell shell, List<String> command, boolean tty, Clock clock) {
        this.shell = shell;
        this.command = command;
        this.tty = tty;
        this.clock = clock;
        discipline.echo(tty);
    }

    private String prompt() {
        return shell.host().hostname() + ":/# ";
    }

    private String nl() {
        return tty ? "\r\n" : "\n";
    }

    @Override
    public synchronized void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket;
        if (command.isEmpty() || SHELLS.contains(command.get(0)) && command.size() == 1) {
            out(prompt());
            return;
        }
        List<String> cmd = command;
        if (SHELLS.contains(cmd.get(0)) && cmd.size() >= 3 && cmd.get(1).equals("-c")) {
            runOnce(cmd.get(2));
        } else {
            runOnce(String.join(" ", cmd.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList()));
        }
    }

    private void runOnce(String line) {
        int code = 0;
        for (String part : line.split(";|&&")) {
            SimulatedShell.Result r = shell.run(part, clock.instant());
            out(r.output());
            code = r.exitCode();
            if (r.exit()) {
                break;
            }
        }
        finish(code);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        frame(bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        frame(bytes.toByteArray());
    }

    private synchronized void frame(byte[] bytes) {
        if (done || bytes.length == 0) {
            return;
        }
        int channel = bytes[0] & 0xff;
        if (channel == 0) {
            discipline.input(Arrays.copyOfRange(bytes, 1, bytes.length));
        } else if (channel == 255 && bytes.length > 1 && bytes[1] == 0) {
            endOfFile(); // v5: the client closed stdin
        }
        // 4 (resize) and others: nothing to do for a simulated terminal
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, "");
    }

    @Override
    public void echo(byte[] bytes) {
        send(1, bytes);
    }

    @Override
    public void line(String line) {
        SimulatedShell.Result r = shell.run(line, clock.instant());
        out(r.output());
        if (r.exit()) {
            finish(0);
        } else {
            out(prompt());
        }
    }

    @Override
    public void interrupt() {
        out(prompt());
    }

    @Override
    public void endOfFile() {
        if (!done) {
            out("exit" + nl());
            finish(0);
        }
    }

    private void finish(int exitCode) {
        if (done) {
            return;
        }
        done = true;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        if (exitCode == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", "command terminated with non-zero exit code: error executing command "
                    + command + ", exit code " + exitCode);
            status.put("reason", "NonZeroExitCode");
            status.put("details", Map.of("causes", List.of(Map.of("reason", "ExitCode",
                    "message", String.valueOf(exitCode)))));
        }
        send(3, Serialization.asJson(status).getBytes(StandardCharsets.UTF_8));
        socket.close(1000, "");
    }

    private void out(String s) {
        if (!s.isEmpty()) {
            send(1, (tty ? s : s.replace("\r\n", "\n")).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void send(int channel, byte[] data) {
        byte[] framed = new byte[data.length + 1];
        framed[0] = (byte) channel;
        System.arraycopy(data, 0, framed, 1, data.length);
        socket.send(framed);
    }
}
