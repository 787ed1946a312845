package dev.wharf.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controlling terminal in raw mode for a console session ({@code stty raw -echo < /dev/tty}),
 * as {@code virsh console} does: keys go to the guest as typed, Ctrl+C included. {@link #close()}
 * restores the settings saved before; it is idempotent, and a shutdown hook calls it too, so a
 * killed {@code wharf} does not leave the terminal raw.
 */
public final class RawTerminal implements AutoCloseable {
    private final String saved;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread hook;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.hook = new Thread(this::restore, "wharf-tty-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Puts /dev/tty in raw mode; null when that fails (no tty, no stty): the session then runs cooked. */
    public static RawTerminal enter() {
        try {
            String saved = stty("-g").trim();
            if (saved.isEmpty()) {
                return null;
            }
            stty("raw -echo");
            return new RawTerminal(saved);
        } catch (IOException e) {
            return null;
        }
    }

    /** The terminal's size as {columns, rows}, or null when unknown. */
    public static int[] size() {
        try {
            String[] rc = stty("size").trim().split("\\s+");
            return rc.length == 2 ? new int[] {Integer.parseInt(rc[1]), Integer.parseInt(rc[0])} : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs or ran
        }
    }

    private void restore() {
        if (restored.compareAndSet(false, true)) {
            try {
                stty(saved);
            } catch (IOException e) {
                // nothing more to do; `stty sane` fixes it by hand
            }
        }
    }

    private static String stty(String args) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("stty " + args + " failed");
            }
            return new String(out, StandardCharsets.US_ASCII);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
