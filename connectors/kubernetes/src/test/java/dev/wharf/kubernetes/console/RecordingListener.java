package dev.wharf.kubernetes.console;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Records what a console stream delivers. */
final class RecordingListener implements ConsoleStream.Listener {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final CompletableFuture<ConsoleEnd> end = new CompletableFuture<>();
    private int ends;

    @Override
    public synchronized void onData(byte[] bytes) {
        data.writeBytes(bytes);
        notifyAll();
    }

    @Override
    public synchronized void onEnd(ConsoleEnd e) {
        ends++;
        end.complete(e);
    }

    synchronized int ends() {
        return ends;
    }

    synchronized String text() {
        return data.toString(StandardCharsets.UTF_8);
    }

    synchronized String awaitText(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!text().contains(expected) && System.currentTimeMillis() < deadline) {
            wait(50);
        }
        return text();
    }

    ConsoleEnd awaitEnd() throws Exception {
        return end.get(10, TimeUnit.SECONDS);
    }
}
