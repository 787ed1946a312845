package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsolePassword;
import dev.wharf.inventory.ConsoleStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A domain's VNC display as a {@link ConsoleStream} of raw RFB bytes: over the socket libvirt opened
 * for us ({@code virDomainOpenGraphicsFD}) or a TCP socket to the display. One reader thread
 * delivers the bytes; writes go straight to the socket (RFB client messages are a few bytes).
 */
final class VncConsole implements ConsoleStream, ConsolePassword, LibvirtConsoles.Open {
    private final String description;
    private final String domainUuid;
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable socket;
    private final Supplier<Optional<char[]>> password;
    private final Supplier<ConsoleEnd> endResolver;
    private final Consumer<LibvirtConsoles.Open> onFinished;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Listener listener;
    private volatile ConsoleEnd end;

    VncConsole(String description, String domainUuid, InputStream in, OutputStream out, AutoCloseable socket,
               Supplier<Optional<char[]>> password, Supplier<ConsoleEnd> endResolver,
               Consumer<LibvirtConsoles.Open> onFinished) {
        this.description = description;
        this.domainUuid = domainUuid;
        this.in = in;
        this.out = out;
        this.socket = socket;
        this.password = password;
        this.endResolver = endResolver;
        this.onFinished = onFinished;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String domainUuid() {
        return domainUuid;
    }

    @Override
    public void start(Listener l) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started: " + description);
        }
        listener = l;
        if (ended.get()) {
            l.onEnd(end);
            return;
        }
        Thread t = new Thread(this::readLoop, "vnc " + description);
        t.setDaemon(true);
        t.start();
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                listener.onData(Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // ends below
        }
        if (!ended.get()) {
            end(endResolver.get());
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (ended.get()) {
            throw new IOException(description + " is closed");
        }
        synchronized (out) {
            out.write(data);
            out.flush();
        }
    }

    @Override
    public Optional<char[]> vncPassword() {
        return password.get();
    }

    @Override
    public void close() {
        end(ConsoleEnd.closed());
    }

    @Override
    public void end(ConsoleEnd why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        end = why;
        try {
            socket.close();
        } catch (Exception e) {
            // closing anyway
        }
        onFinished.accept(this);
        Listener l = listener;
        if (l != null) {
            l.onEnd(why);
        }
    }
}
