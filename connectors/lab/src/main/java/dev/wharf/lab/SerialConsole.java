package dev.wharf.lab;

import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The simulated serial line of one running VMI: a getty-like login (a known one-word user name;
 * anything else gets "Login incorrect"), then a
 * shell with the prompt {@code <vm>:~# }. Like a real serial port it outlives the websocket:
 * a reconnect finds the same session (logged in or not). One viewer at a time, as with
 * virt-api: a new connection closes the previous one. Raw bytes in binary frames both ways
 * ({@code plain.kubevirt.io}).
 */
final class SerialConsole implements LineDiscipline.Sink {

    private final String vmName;
    private final SimulatedShell.Host host;
    private final Clock clock;
    private final LineDiscipline discipline = new LineDiscipline(this);
    /** The lab guests' console accounts (no passwords). */
    static final java.util.Set<String> ACCOUNTS = java.util.Set.of("root", "ops", "cloud-user");

    private SimulatedShell shell;
    private String pendingUser;
    private WebSocket viewer;

    SerialConsole(String vmName, SimulatedShell.Host host, Clock clock) {
        this.vmName = vmName;
        this.host = host;
        this.clock = clock;
    }

    String prompt() {
        return vmName + ":~# ";
    }

    /** A websocket listener that attaches its socket to this console. */
    WebSocketListener listener() {
        return new ByteSocketListener(this::attach, this::input, this::detach);
    }

    synchronized void attach(WebSocket ws) {
        WebSocket old = viewer;
        viewer = ws;
        if (old != null) {
            old.close(1000, "another console connection took over");
        }
        if (shell == null) {
            write(issue());
        } else if (pendingUser == null) {
            write("\r\n" + prompt());
        }
    }

    synchronized void detach(WebSocket ws) {
        if (viewer == ws) {
            viewer = null;
        }
    }

    synchronized void input(WebSocket from, byte[] bytes) {
        if (from == viewer) {
            discipline.input(bytes);
        }
    }

    /** Ends the line (the VM stopped): closes the viewer as a powered-off guest does. */
    synchronized void hangUp() {
        if (viewer != null) {
            viewer.close(1000, "the VMI stopped");
            viewer = null;
        }
        shell = null;
        pendingUser = null;
        discipline.echo(true);
    }

    @Override
    public void echo(byte[] bytes) {
        send(bytes);
    }

    @Override
    public void line(String line) {
        if (shell == null) {
            login(line);
            return;
        }
        SimulatedShell.Result r = shell.run(line, clock.instant());
        write(r.output());
        if (r.exit()) {
            shell = null;
            write(issue());
        } else {
            write(prompt());
        }
    }

    /**
     * The getty's and login's part: a user name is one word; one of {@link #ACCOUNTS} logs in
     * (the lab's guests have no console passwords), anything else is asked for a password and
     * refused with "Login incorrect", as login(1) does, without saying which part was wrong.
     */
    private void login(String line) {
        if (pendingUser != null) { // the answer to "Password: "
            pendingUser = null;
            discipline.echo(true);
            write("Login incorrect\r\n" + vmName + " login: "); // the discipline has ended the line
            return;
        }
        String user = line.strip();
        if (user.isEmpty()) {
            write(vmName + " login: ");
            return;
        }
        if (!ACCOUNTS.contains(user)) {
            pendingUser = user;
            discipline.echo(false);
            write("Password: ");
            return;
        }
        shell = new SimulatedShell(host, user);
        write("Last login: never\r\nWelcome to " + host.osPretty() + " on " + vmName
                + " (lab serial console). Type 'help'.\r\n\r\n" + prompt());
    }

    @Override
    public void interrupt() {
        if (pendingUser != null) {
            pendingUser = null;
            discipline.echo(true);
        }
        write(shell == null ? vmName + " login: " : prompt());
    }

    @Override
    public void endOfFile() {
        if (shell != null) {
            line("exit");
        }
    }

    /** {@code /etc/issue} and the login prompt, as agetty prints them. */
    private String issue() {
        return "\r\n" + host.osPretty() + " " + vmName + " ttyS0\r\n(Wharf lab: log in as root or ops, no password)"
                + "\r\n\r\n" + vmName + " login: ";
    }

    private void write(String s) {
        send(s.getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] bytes) {
        WebSocket v = viewer;
        if (v != null && bytes.length > 0) {
            v.send(bytes);
        }
    }
}
