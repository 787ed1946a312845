package dev.wharf.app.cli;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** A console that echoes what it gets as "echo:…" and can end itself like a guest or a shell would. */
final class FakeConsole implements ConsoleStream {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile Listener listener;
    volatile String endOn;
    volatile ConsoleEnd endWith;

    @Override
    public String description() {
        return "serial console of db";
    }

    @Override
    public void start(Listener l) {
        listener = l;
        l.onData("login: ".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(byte[] data) {
        received.writeBytes(data);
        listener.onData(("echo:" + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        if (endOn != null && received.toString(StandardCharsets.UTF_8).contains(endOn) && closed.compareAndSet(false, true)) {
            listener.onEnd(endWith);
        }
    }

    String received() {
        synchronized (this) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && listener != null) {
            listener.onEnd(ConsoleEnd.closed());
        }
    }
}
