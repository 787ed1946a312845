package dev.wharf.libvirt;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.libvirt.guest.TinyGuest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A console listener for tests: collects output, counts ends. */
class ConsoleProbe implements ConsoleStream.Listener {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<ConsoleEnd> ends = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void onData(byte[] data) {
        out.write(data, 0, data.length);
    }

    @Override
    public void onEnd(ConsoleEnd end) {
        ends.add(end);
    }

    synchronized String text() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    synchronized int size() {
        return out.size();
    }

    synchronized void clear() {
        out.reset();
    }

    void awaitText(String s, Duration timeout) {
        Await.until(this::text, t -> t.contains(s), timeout, "console output containing '" + s + "'");
    }

    /** Presses Enter until the shell prompt shows (input typed before the shell is up is lost). */
    static void awaitPrompt(ConsoleStream console, ConsoleProbe probe, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            probe.clear();
            console.write("\r".getBytes(StandardCharsets.US_ASCII));
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                if (probe.text().contains(TinyGuest.PROMPT)) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no shell prompt on the console within " + timeout.toSeconds()
                        + " s; output: " + probe.text());
            }
        }
    }

    /** Types {@code echo wharf-$((a*b))} and waits for {@code wharf-<product>}: only the shell can print that. */
    static void roundTrip(ConsoleStream console, ConsoleProbe probe, Duration timeout) throws IOException {
        int a = 1000 + (int) (Math.random() * 9000);
        int b = 1000 + (int) (Math.random() * 9000);
        console.write(("echo wharf-$((" + a + "*" + b + "))\r").getBytes(StandardCharsets.US_ASCII));
        probe.awaitText("wharf-" + ((long) a * b), timeout);
    }
}
