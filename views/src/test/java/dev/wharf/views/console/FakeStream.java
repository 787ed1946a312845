package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A console stream a test drives by hand. */
final class FakeStream implements ConsoleStream {
    final String description;
    Listener listener;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<int[]> sizes = new ArrayList<>();
    final List<SpecialKey> specials = new ArrayList<>();
    boolean closed;
    Set<SpecialKey> keys = Set.of();

    FakeStream(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void start(Listener l) {
        listener = l;
    }

    @Override
    public synchronized void write(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        written.writeBytes(data);
    }

    synchronized String writtenText() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void resize(int columns, int rows) {
        sizes.add(new int[] {columns, rows});
    }

    @Override
    public Set<SpecialKey> specialKeys() {
        return keys;
    }

    @Override
    public void sendSpecial(SpecialKey key) {
        specials.add(key);
    }

    void emit(String s) {
        listener.onData(s.getBytes(StandardCharsets.UTF_8));
    }

    void end(ConsoleEnd end) {
        listener.onEnd(end);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (listener != null) {
                listener.onEnd(ConsoleEnd.closed());
            }
        }
    }
}
